// Finding the Fashion-MNIST files for the example programs.
#ifndef EMERGENCE_EXAMPLES_DATA_FILES_HPP
#define EMERGENCE_EXAMPLES_DATA_FILES_HPP

#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <string>

/**
 * The first of `names` that exists in `folder`, so that one option accepts the embedded
 * subset, Debian's compressed files or uncompressed downloads. Throws, listing every name
 * tried, if none exists.
 */
inline std::string findDataFile(const std::string& folder,
                                std::initializer_list<const char*> names)
{
    std::string tried;
    for (const char* name : names)
    {
        const std::filesystem::path path = std::filesystem::path(folder) / name;
        if (std::filesystem::exists(path))
            return path.string();
        tried += (tried.empty() ? "" : ", ") + std::string(name);
    }
    throw std::runtime_error("no data in " + folder + " (looked for " + tried + ")");
}

#endif // EMERGENCE_EXAMPLES_DATA_FILES_HPP
