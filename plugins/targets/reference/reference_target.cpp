// The reference target plugin (DESIGN §7 "A Template target"): serves every device
// and platform of the catalog, at the lowest priority, by writing an artifact that
// the reference interpreter runs.
#include "neo/core/artifact/reference_artifact.hpp"
#include "neo/sdk/plugin.hpp"
#include "neo/sdk/target.hpp"

namespace {

class ReferenceTarget final : public neo::TargetPlugin {
public:
    int priority() const override { return 0; }
    bool supports(const neo::TargetSpec&) const override { return true; }
    void build(const neo::Graph& graph, const neo::TargetSpec& target, const neo::Schedules&,
               const std::filesystem::path& out_dir) override {
        neo::write_reference_artifact(graph, target, out_dir);
    }
};

}  // namespace

NEO_DEFINE_PLUGIN(NEO_PLUGIN_TARGET, "reference", "0.1.0",
                  "runs the graph with neo's reference interpreter (ground truth, any device)",
                  ReferenceTarget)
