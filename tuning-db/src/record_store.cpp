#include "neo/tuning_db/record_store.hpp"

#include <tuple>

namespace neo::tuning_db {

bool record_rank_less(const Record& a, const Record& b) {
    const bool fa = !a.valid(), fb = !b.valid();
    // Failed records have no meaningful cost: among them only the config orders.
    const double ca = fa ? 0.0 : a.cost_mean, cb = fb ? 0.0 : b.cost_mean;
    return std::forward_as_tuple(fa, ca, canonical_config(a.config)) <
           std::forward_as_tuple(fb, cb, canonical_config(b.config));
}

bool choice_rank_less(const Record& a, const Record& b) {
    const bool fa = !a.valid(), fb = !b.valid();
    const bool na = fa || !a.model_cost, nb = fb || !b.model_cost;  // not measured in the model
    const double ma = na ? 0.0 : *a.model_cost, mb = nb ? 0.0 : *b.model_cost;
    const double ca = fa ? 0.0 : a.cost_mean, cb = fb ? 0.0 : b.cost_mean;
    return std::forward_as_tuple(fa, na, ma, ca, canonical_config(a.config)) <
           std::forward_as_tuple(fb, nb, mb, cb, canonical_config(b.config));
}

bool yields_to_default(const Record& best, const Record& dflt) {
    return !best.config.empty() && dflt.config.empty() && dflt.valid() && best.model_cost && dflt.model_cost &&
           *best.model_cost > *dflt.model_cost * (1.0 - kInModelMargin);
}

}  // namespace neo::tuning_db
