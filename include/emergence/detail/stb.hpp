#ifndef EMERGENCE_DETAIL_STB_HPP
#define EMERGENCE_DETAIL_STB_HPP

/*
 * The one place where emergence includes stb_image and stb_image_write (Sean Barrett's
 * public-domain single-file libraries, Debian package libstb-dev).
 *
 * Both are compiled here with their "static" and "implementation" switches, so every
 * translation unit that includes an emergence image header gets a private copy with internal
 * linkage: a program of many units links without the user defining any stb macro, and no
 * stb symbol is exported. The cost is one compiled copy of the decoders per unit.
 *
 * All stb formats stay enabled (PNG, JPEG, BMP, GIF, TGA, PNM, PSD, HDR, PIC), so readImage()
 * reads whatever stb_image reads. stb's own warnings are silenced for its code only.
 *
 * Limitation: stb_image.h and stb_image_write.h have include guards, so this header must
 * come before any other inclusion of them in a translation unit. If the user's code has
 * already included either header (with or without STB_IMAGE_IMPLEMENTATION), our private copy
 * cannot be made and the #error below says so; defining STB_IMAGE_IMPLEMENTATION after this
 * header in the same unit would compile stb twice. Either include the emergence headers
 * first and call stb's functions from our static copy, or keep the user's stb
 * implementation in a translation unit that does not include emergence's image headers.
 *
 * Limitation: inline functions such as readImage() call these internal-linkage functions, so
 * strictly their definitions differ between units (each names its own unit's copy), which
 * the one-definition rule does not allow. Every copy is compiled from the same source with
 * the same switches, so whichever definition the linker keeps behaves the same; the
 * two-unit test (tests/two_units) checks this. Only compiling stb once, in a separate
 * library, would remove the issue, which a header-only library cannot do.
 */

#if defined(STBI_INCLUDE_STB_IMAGE_H) || defined(INCLUDE_STB_IMAGE_WRITE_H)
#error "emergence: stb_image.h or stb_image_write.h was included before an emergence image \
header; include the emergence headers first (see emergence/detail/stb.hpp)."
#endif

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Weverything"
#elif defined(__GNUC__)
// The list covers what GCC 12 reports for stb with -Wall -Wextra -Wpedantic and the usual
// stricter options a user may add.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wduplicated-branches"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wswitch-default"
#pragma GCC diagnostic ignored "-Wuseless-cast"
#pragma GCC diagnostic ignored "-Wzero-as-null-pointer-constant"
#pragma GCC diagnostic ignored "-Wshadow"
#elif defined(_MSC_VER)
#pragma warning(push, 0)
#endif

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION

#include <stb_image.h>
#include <stb_image_write.h>

#undef STB_IMAGE_STATIC
#undef STB_IMAGE_IMPLEMENTATION
#undef STB_IMAGE_WRITE_STATIC
#undef STB_IMAGE_WRITE_IMPLEMENTATION

#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#elif defined(_MSC_VER)
#pragma warning(pop)
#endif

#endif // EMERGENCE_DETAIL_STB_HPP
