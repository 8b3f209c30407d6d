"""Trains the sample model; writes digits.onnx, a sample input, its label and the
probabilities scikit-learn predicts for it.

A small multilayer perceptron trained by scikit-learn on its bundled 8x8 handwritten
digits data set (no download needed). The trained weights are exported as an ONNX
graph taking one NCHW image [1,1,8,8]: Flatten -> Gemm -> Relu -> Gemm -> Softmax.

    pip install scikit-learn onnx numpy && python3 make_model.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

digits = load_digits()
x = (digits.images / 16.0).astype(np.float32)          # [n, 8, 8] in [0, 1]
y = digits.target
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0)
clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=600, random_state=0)
clf.fit(x_train.reshape(len(x_train), -1), y_train)
accuracy = clf.score(x_test.reshape(len(x_test), -1), y_test)
print(f"test accuracy {accuracy:.3f}")

w1, w2 = (w.astype(np.float32) for w in clf.coefs_)       # [64, 32], [32, 10]
b1, b2 = (b.astype(np.float32) for b in clf.intercepts_)
nodes = [
    helper.make_node("Flatten", ["image"], ["flat"], name="flatten", axis=1),
    helper.make_node("Gemm", ["flat", "w1", "b1"], ["hidden_pre"], name="dense1"),
    helper.make_node("Relu", ["hidden_pre"], ["hidden"], name="relu1"),
    helper.make_node("Gemm", ["hidden", "w2", "b2"], ["logits"], name="dense2"),
    helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
]
graph = helper.make_graph(
    nodes, "digits_mlp",
    [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 8, 8])],
    [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 10])],
    initializer=[numpy_helper.from_array(a, n) for a, n in
                 [(w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2")]])
model = helper.make_model(graph, producer_name="neo-samples",
                          opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, "digits.onnx")

sample = x_test[0].reshape(1, 1, 8, 8)
np.save("sample_image.npy", sample)
probs = clf.predict_proba(sample.reshape(1, -1))[0]
# scikit-learn's own answer for the sample: the reference that neo's output is checked against.
np.save("sample_probabilities.npy", probs.astype(np.float32).reshape(1, 10))
with open("sample_label.txt", "w") as f:
    f.write(f"{y_test[0]}\n")
print("sample label", y_test[0], "predicted", int(np.argmax(probs)))
