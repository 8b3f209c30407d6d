// neo-run: run a compiled artifact (DESIGN §1).
//
//   neo-run DIR [--input NAME=FILE.npy]... [--fill zeros|ones|random] [--output-dir D]
//           [--repeat N] [--warmup N] [--threads N] [--profile] [--json] [--emulate]
//
// Native artifacts (model.so, built by a native target plugin) run through the device
// runtime (sdk/runtime); reference artifacts run through core's interpreter, in host
// builds only. --emulate runs an ARM artifact under qemu-user, or an x86-64 Windows one
// under Wine, with the neo-run cross-built for it. Writes each output as D/output_<i>.npy; --json prints one JSON
// object with the outputs' names/shapes and the latency statistics. Exit status:
// 0 success, 1 bad input, 2 bad command line, 3 internal error.
#include <iostream>

#include "artifact_target.hpp"
#include "emulate.hpp"
#include "errors.hpp"
#include "neo/runtime/runtime.hpp"
#include "options.hpp"
#include "run_native.hpp"
#include "run_result.hpp"

#ifdef NEO_RUN_WITH_REFERENCE
#include "neo/core/util/error.hpp"
#include "run_reference.hpp"
#endif

namespace {

using namespace neo::run;

int run(int argc, char** argv) {
    Options o;
    try {
        o = parse_options(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "neo-run: " << e.what() << "\nrun `neo-run --help` for the options\n";
        return kExitUsage;
    }
    if (o.help || o.artifact.empty()) {
        std::cout << usage();
        return o.help ? 0 : kExitUsage;
    }

    ArtifactTarget target = read_artifact_target(o.artifact);
    RunResult r;
    if (target.plugin == "reference") {
        if (o.profile)
            throw InputError(o.artifact + ": --profile times compiled kernels, and this artifact (reference target) "
                             "has none; build the model for a native target");
#ifdef NEO_RUN_WITH_REFERENCE
        r = run_reference(o.artifact, o);
#else
        throw InputError(o.artifact + "/model.json: built by the reference target, which this neo-run (a "
                         "device build, runtime only) cannot run; run it with the host's neo-run, or build "
                         "the model for a native target");
#endif
    } else {
        const bool other_os = is_windows(target) != host_is_windows();
        const bool foreign = other_os || (!target.arch.empty() && target.arch != host_arch());
        if (foreign && o.emulate) exec_emulated(target, o);
        if (foreign)
            throw InputError(o.artifact + ": built for " + (is_windows(target) ? "Windows on " : "") + target.arch +
                             (target.triple.empty() ? "" : " (" + target.triple + ")") + ", but this machine runs " +
                             host_arch() + " " + host_system() + "; run it on such a device, or here under emulation "
                             "with --emulate");
        r = run_native(o.artifact, target, o);
    }
    report(r, o);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const InputError& e) {
        std::cerr << "neo-run: error: " << e.what() << "\n";
        return kExitInput;
    } catch (const neo::runtime::Error& e) {
        std::cerr << "neo-run: error: " << e.what() << "\n";
        return kExitInput;
#ifdef NEO_RUN_WITH_REFERENCE
    } catch (const neo::UserError& e) {
        std::cerr << "neo-run: error: " << e.what() << "\n";
        return kExitInput;
#endif
    } catch (const std::exception& e) {
        std::cerr << "neo-run: " << e.what() << "\n";
        return kExitInternal;
    }
}
