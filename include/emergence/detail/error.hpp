#ifndef EMERGENCE_DETAIL_ERROR_HPP
#define EMERGENCE_DETAIL_ERROR_HPP

#include <sstream>
#include <string>
#include <type_traits>

namespace emergence::detail
{

/** Streams one part of an error message; 8-bit integers print as numbers, not characters. */
template <typename Part>
void appendPart(std::ostringstream& stream, const Part& part)
{
    if constexpr (std::is_same_v<Part, unsigned char> || std::is_same_v<Part, signed char>)
        stream << static_cast<int>(part);
    else
        stream << part;
}

/**
 * Joins the parts of an error message, e.g.
 * `message("recall: cue has ", 783, " units, the network has ", 784)`.
 */
template <typename... Parts>
std::string message(const Parts&... parts)
{
    std::ostringstream stream;
    (appendPart(stream, parts), ...);
    return stream.str();
}

} // namespace emergence::detail

#endif // EMERGENCE_DETAIL_ERROR_HPP
