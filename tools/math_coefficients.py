#!/usr/bin/python3
"""Minimax coefficients of constformer::math::tanh and constformer::math::erf.

    /usr/bin/python3 tools/math_coefficients.py [tanh|erf|all]     (Debian's python3-mpmath)

Prints, for each approximation, its maximum (weighted) error (before the coefficients are
rounded) and the coefficients as C++ hexadecimal literals, rounded to nearest in the
target type: the numbers in include/constformer/math/tanh.hpp and erf.hpp. Weighted
minimax by the Remez exchange in 60-digit arithmetic; rational approximations
P/Q (Q(0) = 1) by the linearised iteration on the levelled error. See docs/math.md.
"""
import struct
import sys

import mpmath as mp

mp.mp.dps = 60


def remez(f, a, b, p_basis, q_basis=(), w=lambda x: 1, iters=40, grid=3000):
    """Weighted minimax of f on [a, b] by P/Q, P = sum p_j p_basis[j](x),
    Q = 1 + sum q_k q_basis[k](x): minimises max |w(x) (f(x) - P(x)/Q(x))|.
    Returns (p, q, max weighted error on a dense grid)."""
    m, n = len(p_basis), len(q_basis)
    count = m + n + 1
    xs = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / (count - 1)) for i in range(count)]
    grid_x = [a + (b - a) * (1 - mp.cos(mp.pi * i / grid)) / 2 for i in range(grid + 1)]
    grid_f = [f(x) for x in grid_x]
    grid_w = [w(x) for x in grid_x]
    best = None
    level = 0
    for _ in range(iters):
        fx = [f(x) for x in xs]
        wx = [w(x) for x in xs]
        q_prev = [1] * count
        for _ in range(30 if n else 1):
            A = mp.matrix(count, count)
            rhs = mp.matrix(count, 1)
            for i, x in enumerate(xs):
                for j in range(m):
                    A[i, j] = p_basis[j](x)
                for k in range(n):
                    A[i, m + k] = -fx[i] * q_basis[k](x)
                A[i, m + n] = -(-1) ** i * q_prev[i] / wx[i]
                rhs[i] = fx[i]
            sol = mp.lu_solve(A, rhs)
            p = [sol[j] for j in range(m)]
            q = [sol[m + k] for k in range(n)]
            q_prev = [1 + sum(q[k] * q_basis[k](x) for k in range(n)) for x in xs]
            converged = abs(sol[m + n] - level) <= abs(sol[m + n]) * mp.mpf(10) ** -30
            level = sol[m + n]
            if converged:
                break

        def approx(x):
            return (sum(p[j] * p_basis[j](x) for j in range(m)) /
                    (1 + sum(q[k] * q_basis[k](x) for k in range(n))))

        err = [grid_w[i] * (grid_f[i] - approx(grid_x[i])) for i in range(len(grid_x))]
        emax = max(abs(e) for e in err)
        if best is None or emax < best[2]:
            best = (p, q, emax)
        # New reference: the largest local extremum of each run of one sign.
        ext = [(grid_x[i], err[i]) for i in range(len(err))
               if (i == 0 or abs(err[i]) >= abs(err[i - 1])) and
               (i == len(err) - 1 or abs(err[i]) >= abs(err[i + 1]))]
        alt = []
        for x, e in ext:
            if alt and mp.sign(alt[-1][1]) == mp.sign(e):
                if abs(e) > abs(alt[-1][1]):
                    alt[-1] = (x, e)
            else:
                alt.append((x, e))
        while len(alt) > count:
            alt.pop(0) if abs(alt[0][1]) < abs(alt[-1][1]) else alt.pop()
        if len(alt) < count:
            break
        xs = [x for x, _ in alt]
        if abs(emax - abs(level)) < abs(level) * mp.mpf("1e-6"):
            break
    return best


def powers(first, last, shift=0):
    return [(lambda j: (lambda x: (x - shift) ** j))(j) for j in range(first, last + 1)]


def literal(v, kind):
    if kind == "float":
        text = struct.unpack("f", struct.pack("f", float(v)))[0].hex()
    else:
        text = float(v).hex()
    mant, exp = text.split("p")
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".")
    return mant + "p" + exp + ("f" if kind == "float" else "")


def report(title, kind, fit):
    p, q, e = fit
    print(f"{title} ({kind}): max weighted error 2^{mp.nstr(mp.log(e, 2), 4)}")
    for j, c in enumerate(p):
        print(f"    p{j} = {literal(c, kind)}")
    for k, c in enumerate(q):
        print(f"    q{k + 1} = {literal(c, kind)}")


def tanh_g(t):  # (tanh(x) - x) / x^3 with t = x^2
    if t == 0:
        return mp.mpf(-1) / 3
    x = mp.sqrt(t)
    return (mp.tanh(x) - x) / x ** 3


def erf_g(t):  # erf(x) / x - 1 with t = x^2
    if t == 0:
        return 2 / mp.sqrt(mp.pi) - 1
    x = mp.sqrt(t)
    return mp.erf(x) / x - 1


def relative_weight_tanh(t):  # x^3 dP / tanh(x): the relative error of the result
    return max(t, mp.mpf(10) ** -40)


def relative_weight_erf(t):  # x dP / erf(x)
    if t == 0:
        return mp.sqrt(mp.pi) / 2
    x = mp.sqrt(t)
    return x / mp.erf(x)


def tanh_fits():
    t_max = mp.mpf("0.625") ** 2
    report("tanh, |x| < 0.625: x + x t P(t), t = x^2", "float",
           remez(tanh_g, mp.mpf(0), t_max, powers(0, 4), w=relative_weight_tanh))
    report("tanh, |x| < 0.625: x + x (t P(t) / Q(t))", "double",
           remez(tanh_g, mp.mpf(0), t_max, powers(0, 2), powers(1, 3), w=relative_weight_tanh))


# erf for a >= small_max: on each interval [b, b'), a polynomial in u = a - m with m the
# midpoint (short in binary), minimax for the absolute error, which is what a result near
# 1 needs. m/2 <= a <= 2m on the interval, so a - m is exact (Sterbenz).
ERF_PIECES = {
    "float": (8, ["0.875", "1.75", "2.875", "4"]),
    "double": (16, ["0.875", "1.875", "2.875", "4.125", "6"]),
}


def erf_fits():
    a = mp.mpf("0.875")
    report("erf, |x| < 0.875: x + x P(t), t = x^2", "float",
           remez(erf_g, mp.mpf(0), a * a, powers(0, 5), w=relative_weight_erf))
    report("erf, |x| < 0.875: x + x P(t), t = x^2", "double",
           remez(erf_g, mp.mpf(0), a * a, powers(0, 10), w=relative_weight_erf))
    for kind, (degree, bounds) in ERF_PIECES.items():
        for lo, hi in zip(bounds, bounds[1:]):
            b, b_end = mp.mpf(lo), mp.mpf(hi)
            m = (b + b_end) / 2
            assert m / 2 <= b and b_end <= 2 * m
            report(f"erf, {lo} <= |x| < {hi}: P(|x| - {mp.nstr(m, 10)})", kind,
                   remez(mp.erf, b, b_end, powers(0, degree, m)))


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which in ("tanh", "all"):
        tanh_fits()
    if which in ("erf", "all"):
        erf_fits()


if __name__ == "__main__":
    main()
