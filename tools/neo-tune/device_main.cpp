// neo-tune for a device: the measurement agent only (no compiler here).
#include <iostream>

#include "serve_main.hpp"

int main(int argc, char** argv) {
    if (!neo::tools::wants_serve(argc, argv)) {
        std::cerr << "neo-tune: this build is the device agent; run `neo-tune --serve --key FILE` here and "
                     "`neo-tune MODEL ... --agent HOST:PORT --key FILE` on the host\n";
        return 2;
    }
    return neo::tools::serve_main(argc, argv);
}
