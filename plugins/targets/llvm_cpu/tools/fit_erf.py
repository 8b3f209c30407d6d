#!/usr/bin/env python3
"""Fits the polynomial of codegen/fast_math.cpp's erf for |x| in [0.75, 4]:

    erf(a) = 1 - exp(-a^2) g(a),   g(a) = erfc(a) exp(a^2) ~ sum c[i] t^i,   t = 1 / (1 + a/2)

by least squares on Chebyshev points, prints the coefficients, and checks them evaluated in
float32 (Horner) against math.erf. Needs numpy.
"""
import math

import numpy as np

A, B, DEGREE = 0.75, 4.0, 8


def g(a):
    return math.erfc(a) * math.exp(a * a)


def main():
    a = np.cos(np.linspace(0, np.pi, 4000)) * (B - A) / 2 + (A + B) / 2
    c = np.polynomial.polynomial.polyfit(1 / (1 + a / 2), [g(x) for x in a], DEGREE)
    print("coefficients, t^0 first:", ", ".join(repr(float(v)) for v in c))

    f = np.float32
    x = np.linspace(A, B, 200001).astype(f)
    t = (f(1) / (f(1) + x * f(0.5))).astype(f)
    p = f(c[-1])
    for k in range(DEGREE - 1, -1, -1):
        p = (p * t + f(c[k])).astype(f)
    exact_g = np.array([g(float(v)) for v in x])
    erf = 1 - np.exp(-(x.astype(np.float64) ** 2)) * p.astype(np.float64)
    exact_erf = np.array([math.erf(float(v)) for v in x])
    print("g in float32, largest relative error:", np.max(np.abs(p - exact_g) / exact_g))
    print("erf, largest relative error:", np.max(np.abs(erf - exact_erf) / exact_erf))


if __name__ == "__main__":
    main()
