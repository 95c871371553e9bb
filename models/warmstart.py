"""Warm start and proof from the LP relaxation of a component's CP-SAT model (GLOP).

The roster rules nest (building ⊃ unit ⊃ bidang ⊃ seksi per day; one office-day count per
person), so the LP relaxation is integral in the common case: its optimum *is* a roster. CP-SAT
alone finds the bound at its root quickly but can take long to find a roster that meets it
(measured on the 4-week, 10,000-staff example: the largest component took 21 s, of which the
bound took 1.4 s). So before searching:

1. the relaxation is solved with GLOP and its rounded solution becomes the CP-SAT hint;
2. from GLOP's dual values a lower bound on the integer optimum is recomputed **exactly**
   (integer arithmetic on duals rounded to multiples of 2⁻²⁰; weak duality holds for any
   duals, so the bound does not depend on GLOP's tolerances);
3. ``models.solve`` lets CP-SAT check the hinted roster with every variable fixed (an exact,
   integer feasibility check) and, when its objective meets the bound, the roster is proved
   optimal. Otherwise CP-SAT searches as usual, starting from the hint.

Only what the rule functions produce is translated: linear constraints and implications
(``bool_and`` under one enforcement literal). Any other constraint means no hint.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from ortools.linear_solver import linear_solver_pb2  # type: ignore[attr-defined]
from ortools.linear_solver.python import model_builder_helper as mbh
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from models.stop import Stop

#: Serialises a CP-SAT model to ``CpModelProto`` bytes, or ``None`` where it cannot. OR-Tools
#: 9.15's Python model wraps a C++ proto with no in-memory serialisation, and reading it field by
#: field from Python costs ~10 µs a value (0.65 s for one 17,000-variable component); the
#: application layer supplies a fast one (``optimizer.model_export``: an in-memory file, 0.02 s).
#: Without one there is no LP warm start and CP-SAT searches alone (same roster quality, slower
#: on long horizons). The core itself does no I/O.
ModelExport = Callable[[cp_model.CpModel], bytes | None]

#: Bounds at or beyond this are "unbounded" in CP-SAT's int64 domains.
_INFINITE = 2**62
#: Duals are rounded to multiples of 2**-SCALE_BITS so that the bound is exact integer arithmetic.
SCALE_BITS = 20


@dataclass(frozen=True)
class LpHint:
    """What the relaxation gave: a proved bound, and how many hinted values were fractional."""

    bound: int | None  # proved lower bound on the integer optimum, None if none could be proved
    fractional: int


@dataclass
class Relaxation:
    """The LP relaxation of a CP-SAT model: min c·x, row_lower ≤ A x ≤ row_upper, lower ≤ x ≤ upper.

    Integer data throughout (infinite bounds as ±2**62 or beyond); ``A`` in coordinates.
    """

    lower: np.ndarray
    upper: np.ndarray
    cost: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    coeffs: np.ndarray

    def to_mp_model(self) -> linear_solver_pb2.MPModelProto:
        """The relaxation as an ``MPModelProto`` (whole repeated fields at a time: fast)."""
        lp = linear_solver_pb2.MPModelProto()
        columns = zip(self.lower.tolist(), self.upper.tolist(), self.cost.tolist(), strict=True)
        for lo, hi, c in columns:
            lp.variable.add(lower_bound=_bound(lo), upper_bound=_bound(hi), objective_coefficient=c)
        starts = np.searchsorted(self.rows, np.arange(len(self.row_lower) + 1)).tolist()
        cols, coeffs = self.cols.tolist(), self.coeffs.tolist()
        row_bounds = zip(self.row_lower.tolist(), self.row_upper.tolist(), strict=True)
        for i, (lo, hi) in enumerate(row_bounds):
            a, b = starts[i], starts[i + 1]
            lp.constraint.add(
                var_index=cols[a:b],
                coefficient=coeffs[a:b],
                lower_bound=_bound(lo),
                upper_bound=_bound(hi),
            )
        return lp

    def _column_weight(self) -> float:
        """The largest Σᵢ |Aᵢⱼ| over columns j (at least 1)."""
        weight = np.zeros(len(self.cost), dtype=np.float64)
        np.add.at(weight, self.cols, np.abs(self.coeffs).astype(np.float64))
        return max(1.0, float(weight.max())) if weight.size else 1.0

    def dual_bound(self, duals: list[float]) -> int | None:
        """A proved lower bound on every integer solution's objective, from any row duals.

        Weak duality: for any y and any x within the bounds, c·x ≥ Σᵢ yᵢ·(row bound on the side
        of yᵢ's sign) + Σⱼ min over [lowerⱼ, upperⱼ] of (c − Aᵀy)ⱼ·xⱼ. The duals are rounded to
        multiples of 2⁻²⁰ (coarser if they are huge) and everything is summed in integers, so
        the bound is exact. The objective is integral, so its ceiling is a bound too. ``None``
        if no finite bound comes out.
        """
        raw = np.asarray(duals, dtype=np.float64)
        if not np.all(np.isfinite(raw)):
            return None
        # Keep every product and column sum of Aᵀy inside int64: |y·2^bits| ≤ 2^62 / (|A|·n).
        largest = float(np.abs(raw).max()) if raw.size else 0.0
        headroom = 62 - math.log2(max(1.0, largest)) - math.log2(self._column_weight())
        bits = min(SCALE_BITS, math.floor(headroom) - 1)
        if bits < 0:
            return None
        scale = 1 << bits
        if self.cost.size and float(np.abs(self.cost).max()) * scale > 2**61:
            return None
        y = np.rint(raw * scale).astype(np.int64)
        # A row bounded on one side only can take a dual of that side's sign only.
        y[(y > 0) & (self.row_lower <= -_INFINITE)] = 0
        y[(y < 0) & (self.row_upper >= _INFINITE)] = 0
        aty = np.zeros(len(self.cost), dtype=np.int64)
        np.add.at(aty, self.cols, self.coeffs * y[self.rows])
        reduced = self.cost * scale - aty
        if np.any((reduced > 0) & (self.lower <= -_INFINITE)) or np.any(
            (reduced < 0) & (self.upper >= _INFINITE)
        ):
            return None
        row_side = np.where(y > 0, self.row_lower, self.row_upper)
        col_side = np.where(reduced > 0, self.lower, self.upper)
        # Python integers from here on: products may leave the int64 range.
        total = sum(a * b for a, b in zip(y.tolist(), row_side.tolist(), strict=True) if a)
        total += sum(a * b for a, b in zip(reduced.tolist(), col_side.tolist(), strict=True) if a)
        return int(-((-total) // scale))  # ceil(total / scale)


class _Interrupt:
    """Lets ``models.solve.Stop`` interrupt GLOP like a CP-SAT solver (``stop_search``)."""

    def __init__(self, solver: mbh.ModelSolverHelper) -> None:
        self._solver = solver

    def stop_search(self) -> None:
        self._solver.interrupt_solve()


def _bound(value: int) -> float:
    return -math.inf if value <= -_INFINITE else math.inf if value >= _INFINITE else float(value)


def relaxation(proto: cp_model_pb2.CpModelProto) -> Relaxation | None:
    """The LP relaxation of a CP-SAT model, or ``None`` if it has a constraint we skip."""
    lower = [v.domain[0] for v in proto.variables]
    upper = [v.domain[-1] for v in proto.variables]
    row_lower: list[int] = []
    row_upper: list[int] = []
    rows: list[int] = []
    cols: list[int] = []
    coeffs: list[int] = []
    for c in proto.constraints:
        kind = c.WhichOneof("constraint")
        enforcement = c.enforcement_literal
        if kind == "linear" and not enforcement:
            domain = c.linear.domain
            if len(domain) != 2:  # a domain with holes has no single LP row
                return None
            rows.extend([len(row_lower)] * len(c.linear.vars))
            cols.extend(c.linear.vars)
            coeffs.extend(c.linear.coeffs)
            row_lower.append(domain[0])
            row_upper.append(domain[1])
        elif kind == "bool_and" and len(enforcement) == 1 and enforcement[0] >= 0:
            # e ⇒ l  becomes  l − e ≥ 0  (literals here are positive Boolean variables)
            for literal in c.bool_and.literals:
                if literal < 0:
                    return None
                rows.extend((len(row_lower), len(row_lower)))
                cols.extend((literal, enforcement[0]))
                coeffs.extend((1, -1))
                row_lower.append(0)
                row_upper.append(_INFINITE)
        else:
            return None
    objective = proto.objective
    if objective.scaling_factor not in (0.0, 1.0) or objective.domain:
        return None
    cost = np.zeros(len(lower), dtype=np.int64)
    cost[np.asarray(objective.vars, dtype=np.int64)] = np.asarray(objective.coeffs, dtype=np.int64)
    as_int = np.int64
    return Relaxation(
        np.asarray(lower, dtype=as_int),
        np.asarray(upper, dtype=as_int),
        cost,
        np.asarray(row_lower, dtype=as_int),
        np.asarray(row_upper, dtype=as_int),
        np.asarray(rows, dtype=as_int),
        np.asarray(cols, dtype=as_int),
        np.asarray(coeffs, dtype=as_int),
    )


def add_lp_hint(
    model: cp_model.CpModel,
    time_limit_s: float,
    export: ModelExport | None,
    watch: Stop | None = None,
) -> LpHint | None:
    """Solve the relaxation of ``model``, hint its rounded solution, prove a bound from its duals.

    ``None`` if the model could not be exported (``export`` is ``None`` or fails) or the
    relaxation could not be built or solved. ``watch`` is a ``models.stop.Stop`` (or ``None``): a
    stop request interrupts GLOP too.
    """
    data = export(model) if export is not None else None
    if data is None:
        return None
    proto = cp_model_pb2.CpModelProto.FromString(data)
    relaxed = relaxation(proto)
    if relaxed is None:
        return None
    request = linear_solver_pb2.MPModelRequest(
        model=relaxed.to_mp_model(),
        solver_type=linear_solver_pb2.MPModelRequest.GLOP_LINEAR_PROGRAMMING,
        solver_time_limit_seconds=max(0.01, time_limit_s),
    )
    glop = mbh.ModelSolverHelper("glop")
    if watch is not None:
        with watch.watching(_Interrupt(glop)):
            answer = glop.solve_serialized_request(request.SerializeToString())
    else:
        answer = glop.solve_serialized_request(request.SerializeToString())
    response = linear_solver_pb2.MPSolutionResponse.FromString(answer)
    if response.status != linear_solver_pb2.MPSOLVER_OPTIMAL:
        return None
    x = np.asarray(response.variable_value, dtype=np.float64)
    nearest = np.rint(x)
    fractional = int(np.count_nonzero(np.abs(x - nearest) > 1e-6))
    values = np.clip(nearest, relaxed.lower, relaxed.upper).astype(np.int64).tolist()
    model.clear_hints()  # type: ignore[no-untyped-call]
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
    bound = relaxed.dual_bound(list(response.dual_value)) if response.dual_value else None
    offset = proto.objective.offset  # a constant in the objective: CP-SAT's value includes it
    if bound is not None and offset:
        bound = bound + int(offset) if float(offset).is_integer() else None
    return LpHint(bound, fractional)
