#pragma once
// gzip-compressed tar archives (libarchive): the service packages models and artifacts
// as .tar.gz.
#include <filesystem>

namespace neo::jobs {

// Unpacks `archive` into `dir` (created). UserError naming the archive when it is not a
// .tar.gz neo can read, or when an entry would land outside `dir` (an absolute path, a
// "..", a link).
void extract_tar_gz(const std::filesystem::path& archive, const std::filesystem::path& dir);

// Packs every regular file under `dir` (relative names, sorted; times, owners and
// modes normalised, so that the same files give the same bytes) into `archive`.
void write_tar_gz(const std::filesystem::path& dir, const std::filesystem::path& archive);

}  // namespace neo::jobs
