#!/usr/bin/env python3
"""Trains small scikit-learn models, exports them with skl2onnx, and writes the inputs and
scikit-learn's own predictions, for the ONNX frontend's classical-ML tests
(tests/core/frontend_onnx/test_onnx_ml_models.cpp).

Needs scikit-learn and skl2onnx (pip install scikit-learn skl2onnx); onnxruntime, when
installed, is used only to double-check the exported models. Deterministic (fixed seeds).

Writes <name>.onnx, <name>_x.npy (float32 inputs), <name>_y<i>.npy (expected outputs) and
cases.json: [{"name", "model", "input", "outputs": [{"npy": file} | {"strings": [...]}],
"rtol", "atol"}]. String labels are listed in the JSON (.npy cannot hold them for neo).

Run from anywhere: python3 tests/data/frontend_onnx/ml/gen_models.py
"""
import json
import os

import numpy as np
from sklearn.datasets import load_iris, make_regression
from sklearn.ensemble import (GradientBoostingClassifier, GradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer, StandardScaler
from sklearn.svm import SVC, SVR, LinearSVC, OneClassSVM
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from skl2onnx import to_onnx

HERE = os.path.dirname(os.path.abspath(__file__))
OPSETS = {"": 17, "ai.onnx.ml": 3}
CASES = []

iris_x, iris_y = load_iris(return_X_y=True)
rng = np.random.default_rng(7)
pick = rng.permutation(len(iris_x))
X = iris_x[pick].astype(np.float32)
Y = iris_y[pick]
X_train, Y_train, X_test = X[:90], Y[:90], X[90:100]
NAMES = np.array(["setosa", "versicolor", "virginica"])
RX, RY = make_regression(n_samples=60, n_features=4, n_targets=1, noise=0.1, random_state=3)
RX = RX.astype(np.float32)
RX_train, RY_train, RX_test = RX[:50], RY[:50], RX[50:]


def save(name, model, x, outputs, options=None, rtol=1e-4, atol=1e-5, ort_check=True):
    onx = to_onnx(model, x[:1], target_opset=OPSETS, options=options)
    for init in onx.graph.initializer:  # keep the files small: no doc strings
        init.doc_string = ""
    onx.doc_string = ""
    # skl2onnx lists its opset imports in set order (and some twice): sort them so that
    # the files are reproducible.
    opsets = sorted({(o.domain, o.version) for o in onx.opset_import})
    del onx.opset_import[:]
    for domain, version in opsets:
        onx.opset_import.add(domain=domain, version=version)
    path = os.path.join(HERE, name + ".onnx")
    with open(path, "wb") as f:
        f.write(onx.SerializeToString())
    np.save(os.path.join(HERE, name + "_x.npy"), x)
    entry = {"name": name, "model": name + ".onnx", "input": name + "_x.npy", "outputs": [],
             "rtol": rtol, "atol": atol}
    for i, y in enumerate(outputs):
        if y.dtype.kind in "US":
            entry["outputs"].append({"strings": [str(s) for s in y]})
        else:
            f = f"{name}_y{i}.npy"
            np.save(os.path.join(HERE, f), y)
            entry["outputs"].append({"npy": f})
    CASES.append(entry)
    if ort_check:
        check_with_onnxruntime(path, x, outputs, rtol, atol)


def check_with_onnxruntime(path, x, outputs, rtol, atol):
    try:
        import onnxruntime as ort
    except ImportError:
        return
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    got = sess.run(None, {sess.get_inputs()[0].name: x})
    for g, w in zip(got, outputs):
        if isinstance(g, list):  # ZipMap: a list of dicts
            g = np.array([[d[k] for k in sorted(d)] for d in g], dtype=np.float32)
        g = np.asarray(g)
        if w.dtype.kind in "USi":
            g = g.reshape(w.shape) if g.size == w.size else g
            assert (g.astype(w.dtype) == w).all(), (path, g, w)
        else:
            np.testing.assert_allclose(g.reshape(w.shape), w, rtol=rtol, atol=atol * 10)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def classifier(name, model, x, options=None, **kw):
    label = model.predict(x)
    save(name, model, x, [label.astype(np.int64) if label.dtype.kind == "i" else label,
                          f32(model.predict_proba(x))], options=options, **kw)


def label_encoder_v1():
    """LabelEncoder at ai.onnx.ml opset 1: int64 class indices to class names."""
    from onnx import TensorProto, helper
    node = helper.make_node("LabelEncoder", ["x"], ["y"], domain="ai.onnx.ml",
                            classes_strings=["red", "green", "blue"], default_string="none")
    graph = helper.make_graph([node], "label_encoder_v1",
                              [helper.make_tensor_value_info("x", TensorProto.INT64, [5])],
                              [helper.make_tensor_value_info("y", TensorProto.STRING, [5])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("ai.onnx.ml", 1),
                                                    helper.make_opsetid("", 17)])
    with open(os.path.join(HERE, "label_encoder_v1.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    np.save(os.path.join(HERE, "label_encoder_v1_x.npy"), np.array([2, 0, 7, 1, -1], dtype=np.int64))
    CASES.append({"name": "label_encoder_v1", "model": "label_encoder_v1.onnx",
                  "input": "label_encoder_v1_x.npy",
                  "outputs": [{"strings": ["blue", "red", "none", "green", "none"]}],
                  "rtol": 0, "atol": 0})


def zipmap_mismatch():
    """A ZipMap with 2 class labels over 3 probability columns (an error for the tests)."""
    from onnx import TensorProto, helper
    node = helper.make_node("ZipMap", ["x"], ["y"], domain="ai.onnx.ml", classlabels_int64s=[0, 1])
    y = helper.make_value_info("y", helper.make_sequence_type_proto(
        helper.make_map_type_proto(TensorProto.INT64, helper.make_tensor_type_proto(TensorProto.FLOAT, []))))
    graph = helper.make_graph([node], "zipmap_mismatch",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("ai.onnx.ml", 1),
                                                    helper.make_opsetid("", 17)])
    with open(os.path.join(HERE, "zipmap_mismatch.onnx"), "wb") as f:
        f.write(model.SerializeToString())


def main():
    for f in os.listdir(HERE):
        if f.endswith((".onnx", ".npy")):
            os.remove(os.path.join(HERE, f))
    nozip = {"zipmap": False}

    # Support vector machines.
    svc = SVC(probability=True, random_state=0).fit(X_train, Y_train)
    classifier("svc_rbf_proba_zipmap", svc, X_test, rtol=1e-3, atol=1e-3)  # ZipMap output
    svc_s = SVC(kernel="poly", degree=2, probability=True, random_state=0).fit(
        X_train, NAMES[Y_train])
    classifier("svc_poly_proba_strings", svc_s, X_test, options=nozip, rtol=1e-3, atol=1e-3)
    svc_b = SVC(kernel="linear").fit(X_train, (Y_train == 2).astype(np.int64))
    # The exported decision value is the negated scikit-learn one (it votes for the first
    # class when positive), and a binary SVMClassifier gives [-value, value].
    d = svc_b.decision_function(X_test)
    save("svc_linear_binary", svc_b, X_test,
         [svc_b.predict(X_test).astype(np.int64), f32(np.stack([d, -d], axis=1))],
         options=nozip, atol=1e-4)
    svc_m = SVC(kernel="sigmoid", gamma=0.05, decision_function_shape="ovo").fit(X_train, Y_train)
    save("svc_sigmoid_ovo", svc_m, X_test, [svc_m.predict(X_test).astype(np.int64),
                                              f32(svc_m.decision_function(X_test))],
         options=nozip, atol=1e-4)
    svr = SVR(C=10.0).fit(RX_train, RY_train)
    save("svr_rbf", svr, RX_test, [f32(svr.predict(RX_test)).reshape(-1, 1)], rtol=1e-4, atol=1e-3)
    ocs = OneClassSVM(nu=0.2, gamma=0.5).fit(X_train)
    save("one_class_svm", ocs, X_test, [ocs.predict(X_test).astype(np.int64).reshape(-1, 1),
                                          f32(ocs.decision_function(X_test)).reshape(-1, 1)],
         atol=1e-4)
    lsvc = LinearSVC(random_state=0).fit(X_train, Y_train)
    save("linear_svc", lsvc, X_test, [lsvc.predict(X_test).astype(np.int64),
                                        f32(lsvc.decision_function(X_test))])

    # Linear models.
    lr = LogisticRegression(max_iter=500).fit(X_train, Y_train)
    classifier("logreg_multi_zipmap", lr, X_test)
    lr2 = LogisticRegression(max_iter=500).fit(X_train, NAMES[(Y_train == 1).astype(int)])
    classifier("logreg_binary_strings", lr2, X_test, options=nozip)
    lin = LinearRegression().fit(RX_train, RY_train)
    save("linreg", lin, RX_test, [f32(lin.predict(RX_test)).reshape(-1, 1)], atol=1e-3)

    # Trees.
    dtc = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X_train, Y_train)
    classifier("decision_tree_classifier", dtc, X_test, options=nozip)
    dtr = DecisionTreeRegressor(max_depth=3, random_state=0).fit(RX_train, RY_train)
    save("decision_tree_regressor", dtr, RX_test, [f32(dtr.predict(RX_test)).reshape(-1, 1)],
         atol=1e-3)
    rfc = RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(X_train, Y_train)
    classifier("random_forest_classifier", rfc, X_test, options=nozip)
    rfr = RandomForestRegressor(n_estimators=3, max_depth=3, random_state=0).fit(RX_train, RY_train)
    save("random_forest_regressor", rfr, RX_test, [f32(rfr.predict(RX_test)).reshape(-1, 1)],
         atol=1e-3)
    gbc = GradientBoostingClassifier(n_estimators=4, max_depth=2, random_state=0).fit(
        X_train, Y_train)
    classifier("gradient_boosting_multi", gbc, X_test, options=nozip)
    gbb = GradientBoostingClassifier(n_estimators=4, max_depth=2, random_state=0).fit(
        X_train, (Y_train == 1).astype(np.int64))
    classifier("gradient_boosting_binary", gbb, X_test, options=nozip)
    gbr = GradientBoostingRegressor(n_estimators=4, max_depth=2, random_state=0).fit(
        RX_train, RY_train)
    save("gradient_boosting_regressor", gbr, RX_test, [f32(gbr.predict(RX_test)).reshape(-1, 1)],
         atol=1e-3)

    # Preprocessing pipelines.
    pipe = make_pipeline(StandardScaler(), Normalizer(norm="l2"), LinearRegression()).fit(
        RX_train, RY_train)
    save("scaler_normalizer_linreg", pipe, RX_test,
         [f32(pipe.predict(RX_test)).reshape(-1, 1)], atol=1e-3)
    pipe_c = make_pipeline(StandardScaler(), Normalizer(norm="max"),
                           SVC(probability=True, random_state=0)).fit(X_train, Y_train)
    # Not checked with onnxruntime: its Normalizer MAX divides by the signed maximum, while
    # scikit-learn (and the ONNX reference implementation) divide by the largest |x|.
    classifier("scaler_normalizer_svc", pipe_c, X_test, options={id(pipe_c[-1]): nozip},
               rtol=1e-3, atol=1e-3, ort_check=False)

    label_encoder_v1()
    zipmap_mismatch()
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(CASES, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
