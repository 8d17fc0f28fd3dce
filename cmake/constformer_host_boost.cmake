# constformer_host_boost_headers()
# Boost.Hana for a bare-metal cross build: the target's sysroot (newlib) has no Boost, and
# Boost.Hana is header-only, so the host's Boost headers serve. Adding the host's include
# directory itself (-isystem /usr/include) would let the host's C library headers shadow
# newlib's (<cstdint> then fails), so this exposes only its boost/ folder: a directory in the
# build tree that holds nothing but a `boost` symbolic link.
#
# Defines the imported target constformer::host_boost_headers (once per build tree).
# CONSTFORMER_BOOST_INCLUDE_DIR (cache) is the directory that holds boost/hana; by default it
# is searched for on the host (CMAKE_PREFIX_PATH, /usr/local/include, /usr/include).
# Sets CONSTFORMER_HOST_BOOST_FOUND in the caller's scope to TRUE or FALSE.
function(constformer_host_boost_headers)
  if(TARGET constformer::host_boost_headers)
    set(CONSTFORMER_HOST_BOOST_FOUND TRUE PARENT_SCOPE)
    return()
  endif()
  find_path(CONSTFORMER_BOOST_INCLUDE_DIR boost/hana/define_struct.hpp
    PATHS /usr/local/include /usr/include
    NO_CMAKE_FIND_ROOT_PATH
    DOC "Directory that holds boost/hana (the host's Boost headers, for bare-metal builds)")
  if(NOT CONSTFORMER_BOOST_INCLUDE_DIR)
    message(WARNING "constformer: Boost.Hana not found on the host; set CONSTFORMER_BOOST_INCLUDE_DIR "
                    "to the directory that holds boost/hana (Debian: libboost-dev)")
    set(CONSTFORMER_HOST_BOOST_FOUND FALSE PARENT_SCOPE)
    return()
  endif()
  set(dir ${CMAKE_BINARY_DIR}/constformer-boost-only)
  file(MAKE_DIRECTORY ${dir})
  if(NOT EXISTS ${dir}/boost/hana/define_struct.hpp)
    file(REMOVE ${dir}/boost)
    file(CREATE_LINK ${CONSTFORMER_BOOST_INCLUDE_DIR}/boost ${dir}/boost SYMBOLIC)
  endif()
  # Imported, so its include directory is a system one for every consumer.
  add_library(constformer::host_boost_headers INTERFACE IMPORTED GLOBAL)
  set_target_properties(constformer::host_boost_headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${dir})
  set(CONSTFORMER_HOST_BOOST_FOUND TRUE PARENT_SCOPE)
endfunction()

# Whether the current build is bare metal, where Boost comes from the host: a cross build for
# CMAKE_SYSTEM_NAME Generic (no operating system), or CONSTFORMER_BOOST_INCLUDE_DIR set.
if(CMAKE_CROSSCOMPILING AND (CMAKE_SYSTEM_NAME STREQUAL "Generic" OR CONSTFORMER_BOOST_INCLUDE_DIR))
  set(CONSTFORMER_USE_HOST_BOOST TRUE)
else()
  set(CONSTFORMER_USE_HOST_BOOST FALSE)
endif()
