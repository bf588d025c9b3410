#ifndef EMERGENCE_DETAIL_FILE_HPP
#define EMERGENCE_DETAIL_FILE_HPP

#include <emergence/detail/error.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace emergence::detail
{

/// A read-only run of bytes to write; the caller keeps the bytes alive.
struct ByteSpan
{
    const unsigned char* data = nullptr;
    std::size_t size = 0;
};

/// Closes a C stream when its owner goes out of scope (error paths only; success closes it
/// explicitly so that a failing close can be reported).
struct FileCloser
{
    void operator()(std::FILE* file) const { std::fclose(file); }
};

/// The system's reason text for an errno value, or a fallback when errno was not set.
inline std::string reasonText(int error)
{
    return error != 0 ? std::string(std::strerror(error)) : std::string("unknown error");
}

/**
 * Reads a whole file into memory. The buffer grows in fixed chunks as bytes arrive, so its
 * size never comes from anything but the bytes actually present.
 *
 * @param path the file to read, opened in binary mode.
 * @param context prefix of error messages, e.g. `readImage("cat.png")`.
 * @param maxBytes the largest file accepted.
 * @return the file's bytes.
 * @throws std::runtime_error if the file cannot be opened or read (with the system's reason)
 *         or holds more than maxBytes bytes.
 */
inline std::vector<unsigned char> readFile(const std::string& path, const std::string& context,
                                           std::uint64_t maxBytes)
{
    errno = 0;
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        throw std::runtime_error(message(context, ": cannot open the file: ", reasonText(errno)));

    // Cleared so that errno after a failed read is the read's own.
    std::vector<unsigned char> bytes;
    unsigned char chunk[65536];
    errno = 0;
    while (true)
    {
        const std::size_t got = std::fread(chunk, 1, sizeof chunk, file.get());
        if (bytes.size() + got > maxBytes)
            throw std::runtime_error(message(context, ": the file holds more than ", maxBytes,
                                             " bytes, the largest size accepted"));

        bytes.insert(bytes.end(), chunk, chunk + got);
        if (got < sizeof chunk)
            break;
    }

    // fread reports end of file and errors the same way; ferror tells them apart.
    if (std::ferror(file.get()))
        throw std::runtime_error(message(context, ": cannot read the file: ", reasonText(errno)));
    return bytes;
}

/**
 * Writes byte runs to `path` so that the file appears whole or not at all: the bytes go to a
 * new temporary file in the same folder, which is renamed over `path` only once it has been
 * written and closed without error; on any error it is removed.
 *
 * @note A symbolic link at `path` is replaced by a regular file (the link's target is left
 *       as it was), and the new file gets default permissions, not those of the file it
 *       replaces: both follow from writing a new file and renaming it into place.
 *
 * @param path the file to create or replace.
 * @param parts the byte runs, written in order.
 * @param context prefix of error messages, e.g. `writePng("grid.png")`.
 * @throws std::invalid_argument if `path` is empty.
 * @throws std::runtime_error if the temporary file cannot be created, written, closed or
 *         renamed; the message has the system's reason and `path` is left untouched.
 */
inline void writeFileAtomically(const std::string& path, std::initializer_list<ByteSpan> parts,
                                const std::string& context)
{
    if (path.empty())
        throw std::invalid_argument(message(context, ": the path is empty"));

    // Exclusive creation ("x") never reuses a file that another writer, or an earlier crash,
    // left behind; the next suffix is tried instead.
    std::string temporary;
    std::unique_ptr<std::FILE, FileCloser> file;
    int openError = 0;
    for (int attempt = 0; attempt < 100 && !file; ++attempt)
    {
        temporary = path + ".tmp" + std::to_string(attempt);
        errno = 0;
        file.reset(std::fopen(temporary.c_str(), "wbx"));
        openError = errno;
        if (!file && openError != EEXIST)
            break;
    }
    if (!file)
        throw std::runtime_error(message(context, ": cannot create the temporary file \"",
                                         temporary, "\": ", reasonText(openError)));

    // From here on, any failure removes the temporary file before reporting.
    const auto fail = [&](const char* step, int error)
    {
        file.reset();
        std::remove(temporary.c_str());
        throw std::runtime_error(
            message(context, ": cannot ", step, " \"", temporary, "\": ", reasonText(error)));
    };

    for (const ByteSpan& part : parts)
    {
        errno = 0;
        if (part.size > 0 && std::fwrite(part.data, 1, part.size, file.get()) != part.size)
            fail("write the temporary file", errno);
    }

    errno = 0;
    const int closed = std::fclose(file.release());
    if (closed != 0)
        fail("close the temporary file", errno);

    // std::filesystem::rename replaces an existing file on every platform (std::rename does
    // not on Windows).
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error)
    {
        std::remove(temporary.c_str());
        throw std::runtime_error(message(context, ": cannot rename \"", temporary, "\" to \"", path,
                                         "\": ", error.message()));
    }
}

} // namespace emergence::detail

#endif // EMERGENCE_DETAIL_FILE_HPP
