# Build settings for emergence's own programs (tests, examples, benchmarks). The library
# target itself stays free of flags; only targets passed to emergence_configure_program()
# get warnings, host tuning, OpenMP and, on request, sanitizers.
if(EMERGENCE_OPENMP)
    find_package(OpenMP COMPONENTS CXX)
endif()

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

function(emergence_configure_program target)
    target_link_libraries(${target} PRIVATE emergence::emergence)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)

    if(EMERGENCE_NATIVE)
        target_compile_options(${target} PRIVATE -march=native)
        # GCC 12 reports -W(maybe-)uninitialized inside its own AVX-512 intrinsics when they
        # are inlined into Eigen's GEMM packing (the _mm512_undefined_ps() idiom); it is a
        # false positive in system headers that the warning machinery cannot attribute to them.
        if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
            target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized -Wno-uninitialized)
        endif()
    endif()

    if(EMERGENCE_OPENMP AND OpenMP_CXX_FOUND)
        target_link_libraries(${target} PRIVATE OpenMP::OpenMP_CXX)
    endif()

    if(EMERGENCE_SANITIZE)
        # float-cast-overflow is not part of GCC's "undefined" group; it catches a NaN or an
        # out-of-range value converted to an integer, such as a pixel.
        target_compile_options(${target} PRIVATE
            -fsanitize=address,undefined,float-cast-overflow
            -fno-sanitize-recover=undefined,float-cast-overflow -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined,float-cast-overflow)
    endif()
endfunction()
