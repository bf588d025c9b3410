# Finds the stb single-file headers (Debian: libstb-dev) and defines the imported target
# Stb::Stb, which carries only an include directory: emergence compiles the parts of stb it
# uses into each translation unit itself (see include/emergence/detail/stb.hpp).
find_path(Stb_INCLUDE_DIR
    NAMES stb_image.h
    PATH_SUFFIXES stb
    DOC "Folder that holds stb_image.h and stb_image_write.h")

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Stb REQUIRED_VARS Stb_INCLUDE_DIR)

if(Stb_FOUND AND NOT TARGET Stb::Stb)
    add_library(Stb::Stb INTERFACE IMPORTED)
    set_target_properties(Stb::Stb PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${Stb_INCLUDE_DIR}")
endif()

mark_as_advanced(Stb_INCLUDE_DIR)
