#pragma once
// Small valid seed inputs for every fuzz target (targets.h), written with the project's writers
// and with DCMTK / libhdf5 / libismrmrd / OpenCV as the loaders' own tests do. Library
// ccdf_fuzz_seeds; tests/tst_fuzz_corpus.cpp writes them into <build>/fuzz-seeds/<target>/ and
// checks that every one is accepted by its target.
#include <string>
#include <vector>

namespace ccdf::fuzz {

// Writes the seeds of `target` into `directory` (created when missing) as seed-<what> files and
// returns their paths. Throws std::runtime_error when a writer fails or the target is unknown.
std::vector<std::string> writeSeeds(const std::string& target, const std::string& directory);

}  // namespace ccdf::fuzz
