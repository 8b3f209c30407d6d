#pragma once
// The op-translator families of the ONNX frontend, one file each. Every family
// registers its ops with the opset ranges it covers; ranges of one op never overlap.
#include "translator.hpp"

namespace neo::onnxfe {

void register_generic(TranslatorRegistry& r);        // generic.cpp: ops kept as they are
void register_elementwise(TranslatorRegistry& r);    // elementwise.cpp: legacy broadcasting
void register_reduce(TranslatorRegistry& r);         // reduce.cpp: Reduce* axes
void register_shape_ops(TranslatorRegistry& r);      // shape_ops.cpp: Reshape, Squeeze, ...
void register_slice(TranslatorRegistry& r);          // slice.cpp
void register_pad(TranslatorRegistry& r);            // pad.cpp
void register_clip(TranslatorRegistry& r);           // clip.cpp
void register_resize(TranslatorRegistry& r);         // resize.cpp: Resize, Upsample
void register_normalization(TranslatorRegistry& r);  // normalization.cpp: BatchNormalization
void register_softmax(TranslatorRegistry& r);        // softmax.cpp: Softmax, LogSoftmax, Hardmax
void register_constant(TranslatorRegistry& r);       // constant.cpp: Constant
void register_control_flow(TranslatorRegistry& r);   // control_flow.cpp: If, Loop, Scan
void register_misc(TranslatorRegistry& r);           // misc.cpp: Cast, Dropout, TopK, ...
void register_ml(TranslatorRegistry& r);             // ml.cpp: ZipMap, LabelEncoder-1
void register_group_norm(TranslatorRegistry& r);     // group_norm.cpp: GroupNormalization 18-20

inline void register_all_families(TranslatorRegistry& r) {
    register_generic(r);
    register_elementwise(r);
    register_reduce(r);
    register_shape_ops(r);
    register_slice(r);
    register_pad(r);
    register_clip(r);
    register_resize(r);
    register_normalization(r);
    register_softmax(r);
    register_constant(r);
    register_control_flow(r);
    register_misc(r);
    register_ml(r);
    register_group_norm(r);
}

}  // namespace neo::onnxfe
