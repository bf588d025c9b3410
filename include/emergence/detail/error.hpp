#ifndef EMERGENCE_DETAIL_ERROR_HPP
#define EMERGENCE_DETAIL_ERROR_HPP

#include <iomanip>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>

namespace emergence::detail
{

/**
 * Streams one part of an error message. Characters and 8-bit integers print as numbers, since
 * a part of that type is a pixel or a value, not text. Floating-point values print with six
 * digits when that reads back as the same value, else with every digit needed, so that a
 * message never says "is 1, expected 1" about 1.0000001.
 */
template <typename Part>
void appendPart(std::ostringstream& stream, const Part& part)
{
    if constexpr (std::is_same_v<Part, char> || std::is_same_v<Part, unsigned char> ||
                  std::is_same_v<Part, signed char>)
    {
        stream << static_cast<int>(part);
    }
    else if constexpr (std::is_floating_point_v<Part>)
    {
        std::ostringstream shortForm;
        shortForm << part;
        Part readBack = Part(0);
        std::istringstream(shortForm.str()) >> readBack;

        // NaN never reads back equal, yet "nan" is already exact.
        if (readBack == part || part != part)
            stream << shortForm.str();
        else
            stream << std::setprecision(std::numeric_limits<Part>::max_digits10) << part
                   << std::setprecision(6);
    }
    else
    {
        stream << part;
    }
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
