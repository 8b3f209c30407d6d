#!/usr/bin/env python3
"""Writes the NumPy fixtures of the ai.onnx.ml op tests (tests/core/ops_ml).

Every expected output is computed here with plain NumPy, written from the ONNX-ML operator
descriptions (and libsvm's formulas for the SVM probabilities), independently of neo.
Inputs are float32; float outputs are float64, computed in float64 from the float32 inputs
and the attributes (which the ops read as double); labels are int64.

Layout: <case>_in<i>.npy, <case>_out<i>.npy and cases.json, a list of {"name", "op",
"attrs", "inputs", "outputs"} (see tests/support/op_test_util.hpp).

Run from anywhere: python3 tests/data/ops_ml/gen_fixtures.py
"""
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240612)
sys.path.insert(0, os.path.dirname(HERE))
from fixture_writer import NumpyCases  # noqa: E402

FIX = NumpyCases(HERE)


def add_case(name, op, attrs, inputs, outputs):
    FIX.add_case(name, ML + op, attrs, inputs, outputs)
ML = "ai.onnx.ml:"


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def rlist(n, scale=1.0):
    """n attribute floats, rounded so that JSON keeps them exactly."""
    return [round(float(v) * scale, 4) for v in rng.standard_normal(n)]


# ---- post transforms ----------------------------------------------------------------------

def post(name, s):
    s = np.array(s, dtype=np.float64)
    if name == "NONE":
        return s
    if name == "LOGISTIC":
        return 1.0 / (1.0 + np.exp(-s))
    if name == "SOFTMAX":
        e = np.exp(s - s.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if name == "SOFTMAX_ZERO":
        out = np.zeros_like(s)
        for r in range(s.shape[0]):
            nz = s[r] != 0
            if not nz.any():
                out[r] = 0.5
                continue
            e = np.exp(s[r][nz] - s[r][nz].max())
            out[r][nz] = e / e.sum()
        return out
    if name == "PROBIT":
        return np.vectorize(lambda p: math.sqrt(2.0) * erfinv(2 * p - 1))(s)
    raise ValueError(name)


def erfinv(y):
    # bisection on math.erf: slow but simple and exact to double precision
    lo, hi = -10.0, 10.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if math.erf(mid) < y:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def as64(x):
    return x.astype(np.float64)


# ---- linear models ------------------------------------------------------------------------

def linear_regressor():
    for name, targets, n_rows, pt in [("linreg_1t", 1, 5, "NONE"), ("linreg_3t_logistic", 3, 4, "LOGISTIC"),
                                      ("linreg_2t_softmax", 2, 3, "SOFTMAX")]:
        c = 4
        x = rand(n_rows, c)
        coef, icpt = rlist(targets * c), rlist(targets)
        y = as64(x) @ np.array(coef).reshape(targets, c).T + np.array(icpt)
        add_case(name, "LinearRegressor", {"coefficients": coef, "intercepts": icpt,
                                           "targets": targets, "post_transform": pt},
                 [x], [post(pt, y)])
    x = rand(3)  # one row [C]
    coef = rlist(3)
    add_case("linreg_1d_no_intercept", "LinearRegressor", {"coefficients": coef},
             [x], [(as64(x) @ np.array(coef)).reshape(1, 1)])


def linear_classifier():
    c = 3
    for name, k, pt in [("lincls_3c_none", 3, "NONE"), ("lincls_3c_softmax", 3, "SOFTMAX"),
                        ("lincls_4c_logistic", 4, "LOGISTIC"), ("lincls_3c_softmax_zero", 3, "SOFTMAX_ZERO")]:
        x = rand(6, c)
        coef, icpt = rlist(k * c), rlist(k)
        s = as64(x) @ np.array(coef).reshape(k, c).T + np.array(icpt)
        labels = [10 * (i + 1) for i in range(k)]
        lab = np.array([labels[i] for i in s.argmax(axis=1)], dtype=np.int64)
        add_case(name, "LinearClassifier", {"coefficients": coef, "intercepts": icpt,
                                            "classlabels_ints": labels, "post_transform": pt},
                 [x], [lab, post(pt, s)])
    # binary with one coefficient row: scores [-s, s]
    for pt in ["NONE", "LOGISTIC"]:
        x = rand(5, c)
        coef, icpt = rlist(c), rlist(1)
        s = as64(x) @ np.array(coef) + icpt[0]
        lab = np.where(s > 0, 7, 3).astype(np.int64)
        add_case(f"lincls_binary_one_row_{pt.lower()}", "LinearClassifier",
                 {"coefficients": coef, "intercepts": icpt, "classlabels_ints": [3, 7],
                  "post_transform": pt},
                 [x], [lab, post(pt, np.stack([-s, s], axis=1))])


# ---- SVMs ---------------------------------------------------------------------------------

def kernel(kind, a, b, gamma, coef0, degree):
    if kind == "LINEAR":
        return float(a @ b)
    if kind == "POLY":
        return float((gamma * (a @ b) + coef0) ** degree)
    if kind == "RBF":
        return float(np.exp(-gamma * ((a - b) ** 2).sum()))
    return float(np.tanh(gamma * (a @ b) + coef0))


def svm_regressor():
    c = 3
    for kind in ["LINEAR", "POLY", "RBF", "SIGMOID"]:
        nsv = 4
        sv, coef, rho = rlist(nsv * c), rlist(nsv), rlist(1)
        kp = [0.3, 0.5, 3.0]
        x = rand(5, c)
        svm = np.array(sv).reshape(nsv, c)
        y = np.array([[sum(coef[v] * kernel(kind, as64(r), svm[v], *kp) for v in range(nsv)) + rho[0]]
                      for r in x])
        attrs = {"coefficients": coef, "support_vectors": sv, "rho": rho, "n_supports": nsv,
                 "kernel_type": kind, "kernel_params": kp}
        add_case(f"svr_{kind.lower()}", "SVMRegressor", attrs, [x], [y])
        if kind == "RBF":
            add_case("svr_rbf_one_class", "SVMRegressor", dict(attrs, one_class=1), [x],
                     [np.where(y > 0, 1.0, -1.0)])
    x = rand(4, c)
    coef, rho = rlist(c), rlist(1)
    add_case("svr_linear_mode", "SVMRegressor", {"coefficients": coef, "rho": rho}, [x],
             [(as64(x) @ np.array(coef) + rho[0]).reshape(-1, 1)])


def couple(r, k):
    """libsvm multiclass_probability (Wu, Lin and Weng), in NumPy."""
    q = np.zeros((k, k))
    for t in range(k):
        q[t, t] = sum(r[j, t] ** 2 for j in range(k) if j != t)
        for j in range(k):
            if j != t:
                q[t, j] = -r[j, t] * r[t, j]
    p = np.full(k, 1.0 / k)
    eps = 0.005 / k
    for _ in range(max(100, k)):
        qp = q @ p
        pqp = p @ qp
        if np.abs(qp - pqp).max() < eps:
            break
        for t in range(k):
            diff = (-qp[t] + pqp) / q[t, t]
            p[t] += diff
            pqp = (pqp + diff * (diff * q[t, t] + 2 * qp[t])) / (1 + diff) ** 2
            p /= 1 + diff
            qp = (qp + diff * q[t]) / (1 + diff)
    return p


def svm_classifier():
    c = 3
    for name, k, per_class, proba, kind, pt in [
            ("svc_3c_rbf", 3, [2, 3, 2], False, "RBF", "NONE"),
            ("svc_3c_rbf_proba", 3, [2, 3, 2], True, "RBF", "NONE"),
            ("svc_4c_poly_proba", 4, [1, 2, 2, 1], True, "POLY", "NONE"),
            ("svc_2c_linear", 2, [2, 3], False, "LINEAR", "NONE"),
            ("svc_2c_sigmoid_proba", 2, [2, 2], True, "SIGMOID", "NONE"),
            ("svc_3c_rbf_softmax", 3, [2, 1, 2], False, "RBF", "SOFTMAX")]:
        nsv = sum(per_class)
        sv, coef = rlist(nsv * c), rlist((k - 1) * nsv)
        npairs = k * (k - 1) // 2
        rho = rlist(npairs)
        kp = [0.4, 0.2, 2.0]
        pa, pb = rlist(npairs), rlist(npairs, 0.3)
        svm = np.array(sv).reshape(nsv, c)
        co = np.array(coef).reshape(k - 1, nsv)
        start = np.concatenate([[0], np.cumsum(per_class)])
        x = rand(6, c)
        labels, scores = [], []
        for row in x:
            kv = np.array([kernel(kind, as64(row), svm[v], *kp) for v in range(nsv)])
            votes, d = np.zeros(k, dtype=int), []
            for i in range(k):
                for j in range(i + 1, k):
                    si, sj = slice(start[i], start[i + 1]), slice(start[j], start[j + 1])
                    s = co[j - 1, si] @ kv[si] + co[i, sj] @ kv[sj] + rho[len(d)]
                    d.append(s)
                    votes[i if s > 0 else j] += 1
            labels.append(int(np.argmax(votes)))
            if proba:
                r = np.zeros((k, k))
                p = 0
                for i in range(k):
                    for j in range(i + 1, k):
                        v = 1.0 / (1.0 + np.exp(pa[p] * d[p] + pb[p]))
                        v = min(max(v, 1e-7), 1 - 1e-7)
                        r[i, j], r[j, i] = v, 1 - v
                        p += 1
                scores.append(couple(r, k))
            elif k == 2:
                scores.append([-d[0], d[0]])
            else:
                scores.append(d)
        attrs = {"classlabels_ints": list(range(k)), "coefficients": coef, "support_vectors": sv,
                 "rho": rho, "vectors_per_class": per_class, "kernel_type": kind,
                 "kernel_params": kp, "post_transform": pt}
        if proba:
            attrs.update(prob_a=pa, prob_b=pb)
        add_case(name, "SVMClassifier", attrs, [x],
                 [np.array(labels, dtype=np.int64), post(pt, np.array(scores))])
    # linear mode: one weight row per class, rho[0] for all
    k = 3
    coef, rho = rlist(k * c), rlist(1)
    x = rand(5, c)
    s = as64(x) @ np.array(coef).reshape(k, c).T + rho[0]
    add_case("svc_linear_mode", "SVMClassifier",
             {"classlabels_ints": [5, 6, 7], "coefficients": coef, "rho": rho}, [x],
             [np.array([5 + i for i in s.argmax(axis=1)], dtype=np.int64), s])


# ---- preprocessing ------------------------------------------------------------------------

def preprocessing():
    x = rand(4, 3)
    off, sc = rlist(3), rlist(3)
    add_case("scaler_per_feature", "Scaler", {"offset": off, "scale": sc}, [x],
             [(as64(x) - np.array(off)) * np.array(sc)])
    add_case("scaler_one_value", "Scaler", {"offset": [0.5], "scale": [2.0]}, [x],
             [(as64(x) - 0.5) * 2.0])
    xz = rand(4, 5)
    xz[2] = 0
    for norm in ["MAX", "L1", "L2"]:
        a = as64(xz)
        if norm == "MAX":
            d = np.abs(a).max(axis=1, keepdims=True)
        elif norm == "L1":
            d = np.abs(a).sum(axis=1, keepdims=True)
        else:
            d = np.sqrt((a * a).sum(axis=1, keepdims=True))
        add_case(f"normalizer_{norm.lower()}", "Normalizer", {"norm": norm}, [xz],
                 [a / np.where(d == 0, 1, d)])
    xb = rand(3, 4, 5)
    add_case("binarizer", "Binarizer", {"threshold": 0.25}, [xb],
             [(xb > np.float32(0.25)).astype(np.float32)])
    xi = rand(5, 3)
    xi[1, 0] = xi[3, 2] = xi[4, 1] = xi[4, 2] = -1.0
    imp = [1.5, -2.0, 3.25]
    want = as64(xi).copy()
    for j in range(3):
        want[want[:, j] == -1.0, j] = imp[j]
    add_case("imputer_per_column", "Imputer", {"imputed_value_floats": imp, "replaced_value_float": -1.0},
             [xi], [want.astype(np.float32)])


def main():
    FIX.clear()
    linear_regressor()
    linear_classifier()
    svm_regressor()
    svm_classifier()
    preprocessing()
    FIX.write(final_newline=True)


if __name__ == "__main__":
    main()
