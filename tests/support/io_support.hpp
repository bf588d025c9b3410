// Helpers shared by the image and I/O tests: a self-deleting temporary folder, byte files
// written from hex, and a matcher that checks an exception's type and part of its message.
#ifndef EMERGENCE_TESTS_SUPPORT_IO_SUPPORT_HPP
#define EMERGENCE_TESTS_SUPPORT_IO_SUPPORT_HPP

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace emergence::test
{

/**
 * A new, empty folder under the system's temporary directory, removed with its contents
 * when the object goes out of scope. The name mixes the clock and a counter, and creation
 * is retried until it makes a new folder, so parallel test processes never share one.
 */
class TemporaryFolder
{
public:
    TemporaryFolder()
    {
        static int counter = 0;
        const auto base = std::filesystem::temp_directory_path();
        for (int attempt = 0; attempt < 1000; ++attempt)
        {
            const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
            const auto candidate = base / ("emergence-test-" + std::to_string(ticks) + "-" +
                                           std::to_string(counter++));
            if (std::filesystem::create_directory(candidate))
            {
                m_path = candidate;
                return;
            }
        }
        throw std::runtime_error("TemporaryFolder: cannot create a new folder");
    }

    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;

    ~TemporaryFolder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }

    /// The path of `name` inside the folder, as a string.
    std::string file(const std::string& name) const { return (m_path / name).string(); }

    /// The names of the entries the folder holds.
    std::vector<std::string> entries() const
    {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(m_path))
            names.push_back(entry.path().filename().string());
        return names;
    }

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

/// Bytes from a string of hex digits such as "00 0d 0a" (spaces are skipped).
inline std::vector<unsigned char> fromHex(const std::string& hex)
{
    std::vector<unsigned char> bytes;
    std::string digits;
    for (char c : hex)
    {
        if (c != ' ')
            digits += c;
    }
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
        bytes.push_back(static_cast<unsigned char>(std::stoi(digits.substr(i, 2), nullptr, 16)));
    return bytes;
}

/// Writes bytes to a file, in binary mode, replacing it.
inline void writeBytes(const std::string& path, const std::vector<unsigned char>& bytes)
{
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    if (!file)
        throw std::runtime_error("writeBytes: cannot write " + path);
}

/// Reads a whole file in binary mode.
inline std::vector<unsigned char> readBytes(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw std::runtime_error("readBytes: cannot open " + path);
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(file),
                                      std::istreambuf_iterator<char>());
}

/// Writes `hex` to a file in `folder` and returns the file's path.
inline std::string hexFile(const TemporaryFolder& folder, const std::string& name,
                           const std::string& hex)
{
    const std::string path = folder.file(name);
    writeBytes(path, fromHex(hex));
    return path;
}

/// Matches an exception whose what() contains the given text.
class MessageContains : public Catch::MatcherBase<std::exception>
{
public:
    explicit MessageContains(std::string text) : m_text(std::move(text)) {}

    bool match(const std::exception& error) const override
    {
        return std::string(error.what()).find(m_text) != std::string::npos;
    }

    std::string describe() const override { return "message contains \"" + m_text + "\""; }

private:
    std::string m_text;
};

} // namespace emergence::test

#endif // EMERGENCE_TESTS_SUPPORT_IO_SUPPORT_HPP
