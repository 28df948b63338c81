"""Benchmark: vectorised SMAA-2 rank acceptability versus a pymcdm loop.

Workload: 8 segments, each 100,000 Dirichlet weight samples x 20 platforms x
5 criteria, certain scores. Times are best of 3. The pymcdm baseline scores
and ranks a 1,000-sample subset of one segment one weight vector at a time
(TOPSIS, vector normalisation, like ours) and is scaled up to 100,000 x 8.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_decision``
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from advisor.decision import rank_acceptability, topsis

SEGMENTS = 8
SAMPLES = 100_000
PLATFORMS = 20
CRITERIA = 5
LOOP_SUBSET = 1_000
REPEATS = 3


def best_of(repeats: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def segments(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    return [
        (rng.uniform(1, 5, (PLATFORMS, CRITERIA)), rng.dirichlet(np.ones(CRITERIA), SAMPLES))
        for _ in range(SEGMENTS)
    ]


def all_segments(data: list[tuple[np.ndarray, np.ndarray]], method: str) -> None:
    for matrix, weights in data:
        rank_acceptability(matrix, weights, method=method)  # type: ignore[arg-type]


def pymcdm_loop(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Rank acceptability the slow way: one pymcdm TOPSIS call per weight vector."""
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    method = TOPSIS(normalization_function=vector_normalization)
    types = np.ones(matrix.shape[1])
    counts = np.zeros((matrix.shape[0], matrix.shape[0]))
    for w in weights:
        preference = method(matrix, w, types)
        order = np.argsort(-preference, kind="stable")
        counts[order, np.arange(order.size)] += 1
    return counts / len(weights)


def main() -> None:
    rng = np.random.default_rng(2026)
    start = time.perf_counter()
    data = segments(rng)
    sampling = time.perf_counter() - start
    wsm = best_of(REPEATS, lambda: all_segments(data, "wsm"))
    tops = best_of(REPEATS, lambda: all_segments(data, "topsis"))
    work = f"{SEGMENTS} segments x {SAMPLES:,} samples x {PLATFORMS} platforms x {CRITERIA} criteria"
    print(f"rank acceptability, {work}, best of {REPEATS}")
    print(f"  {'Dirichlet sampling (once)':<34}{sampling:>9.3f} s")
    print(f"  {'vectorised WSM':<34}{wsm:>9.3f} s  ({wsm / SEGMENTS * 1e3:.0f} ms/segment)")
    print(
        f"  {'vectorised TOPSIS (vector norm.)':<34}{tops:>9.3f} s  ({tops / SEGMENTS * 1e3:.0f} ms/segment)"
    )
    print(f"  target < 0.5 s for WSM: {'met' if wsm < 0.5 else 'MISSED'}")
    try:
        import pymcdm  # noqa: F401
    except ImportError:
        print("pymcdm is not importable: skipping the loop comparison")
        return
    matrix, weights = data[0][0], data[0][1][:LOOP_SUBSET]
    loop = best_of(1, lambda: pymcdm_loop(matrix, weights))
    scaled = loop * (SAMPLES / LOOP_SUBSET) * SEGMENTS
    ours = rank_acceptability(matrix, weights, method="topsis").acceptability
    agreement = np.abs(ours - pymcdm_loop(matrix, weights)).max()
    closeness_gap = np.abs(topsis(matrix, weights[0]) - _pymcdm_topsis(matrix, weights[0])).max()
    print(f"pymcdm TOPSIS in a Python loop, {LOOP_SUBSET:,} samples of one segment")
    print(f"  {'measured':<34}{loop:>9.3f} s  ({loop / LOOP_SUBSET * 1e3:.2f} ms/sample)")
    print(f"  {'scaled to the full workload':<34}{scaled:>9.1f} s")
    print(f"  {'speed-up vs vectorised TOPSIS':<34}{scaled / tops:>9.0f} x")
    print(f"  {'speed-up vs vectorised WSM':<34}{scaled / wsm:>9.0f} x")
    print(f"  target >= 500x (TOPSIS vs TOPSIS): {'met' if scaled / tops >= 500 else 'MISSED'}")
    print(
        f"  same results: max |closeness diff| {closeness_gap:.1e}, max |acceptability diff| {agreement:.1e}"
    )


def _pymcdm_topsis(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    return TOPSIS(normalization_function=vector_normalization)(matrix, weights, np.ones(matrix.shape[1]))


if __name__ == "__main__":
    main()
