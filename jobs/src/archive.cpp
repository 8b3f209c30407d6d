#include "neo/jobs/archive.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <vector>

#include <archive.h>
#include <archive_entry.h>

#include "neo/core/util/error.hpp"

namespace neo::jobs {
namespace fs = std::filesystem;

namespace {

struct ReadCloser { void operator()(archive* a) const { archive_read_free(a); } };
struct WriteCloser { void operator()(archive* a) const { archive_write_free(a); } };

// A relative path that stays inside the destination.
bool safe_entry_path(const std::string& name) {
    fs::path p(name);
    if (name.empty() || p.is_absolute()) return false;
    return std::none_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; });
}

}  // namespace

void extract_tar_gz(const fs::path& file, const fs::path& dir) {
    std::unique_ptr<archive, ReadCloser> a(archive_read_new());
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    auto what = [&](const std::string& why) {
        return UserError(file.string() + ": " + why + "; the model must be a gzip-compressed tar archive (.tar.gz)");
    };
    if (archive_read_open_filename(a.get(), file.c_str(), 1 << 16) != ARCHIVE_OK)
        throw what(std::string("cannot read it (") + archive_error_string(a.get()) + ")");
    fs::create_directories(dir);
    archive_entry* entry = nullptr;
    int files = 0;
    for (;;) {
        int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF) break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            throw what(std::string("damaged archive (") + archive_error_string(a.get()) + ")");
        std::string name = archive_entry_pathname(entry);
        if (name.rfind("./", 0) == 0) name = name.substr(2);
        auto type = archive_entry_filetype(entry);
        if (type == AE_IFDIR || name.empty()) continue;
        if (type != AE_IFREG)
            throw what("entry '" + name + "' is a link or special file, which a model archive may not hold");
        if (!safe_entry_path(name))
            throw what("entry '" + name + "' points outside the archive's folder");
        fs::path out = dir / name;
        fs::create_directories(out.parent_path());
        std::ofstream os(out, std::ios::binary);
        const void* buf;
        size_t size;
        la_int64_t offset;
        while ((rc = archive_read_data_block(a.get(), &buf, &size, &offset)) == ARCHIVE_OK)
            os.write(static_cast<const char*>(buf), static_cast<std::streamsize>(size));
        if (rc != ARCHIVE_EOF) throw what(std::string("damaged entry '") + name + "' (" + archive_error_string(a.get()) + ")");
        if (!os) throw UserError(out.string() + ": cannot write an unpacked model file");
        ++files;
    }
    if (files == 0) throw what("it holds no files");
}

void write_tar_gz(const fs::path& dir, const fs::path& file) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files.push_back(fs::relative(e.path(), dir));
    std::sort(files.begin(), files.end());
    std::unique_ptr<archive, WriteCloser> a(archive_write_new());
    archive_write_add_filter_gzip(a.get());
    archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr);  // no time in the header
    archive_write_set_format_pax_restricted(a.get());
    if (archive_write_open_filename(a.get(), file.c_str()) != ARCHIVE_OK)
        throw UserError(file.string() + ": cannot write the artifact archive (" + archive_error_string(a.get()) + ")");
    std::vector<char> data;
    for (const fs::path& rel : files) {
        std::ifstream is(dir / rel, std::ios::binary);
        data.assign(std::istreambuf_iterator<char>(is), std::istreambuf_iterator<char>());
        std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
        archive_entry_set_pathname(e.get(), rel.generic_string().c_str());
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_perm(e.get(), 0644);
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
        archive_entry_set_mtime(e.get(), 0, 0);
        if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
            archive_write_data(a.get(), data.data(), data.size()) != static_cast<la_ssize_t>(data.size()))
            throw UserError(file.string() + ": cannot write the artifact archive (" + archive_error_string(a.get()) + ")");
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        throw UserError(file.string() + ": cannot finish the artifact archive (" + archive_error_string(a.get()) + ")");
}

}  // namespace neo::jobs
