#pragma once
// neo-tune's device side, in the C++ standard library and the runtime only:
//   neo-tune --serve [--port P] --key FILE [--bind ADDR] [--max-message-mb N] [--tmp DIR]
//   neo-tune --measure DIR     (internal: measure one staged candidate, the child of a run)
// Returns the exit status.
namespace neo::tools {

int serve_main(int argc, char** argv);
// Whether argv asks for --serve or --measure.
bool wants_serve(int argc, char** argv);

}  // namespace neo::tools
