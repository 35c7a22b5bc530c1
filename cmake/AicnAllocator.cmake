# AicnAllocator.cmake -- the executables allocate through tcmalloc when it is installed.
#
# A run makes and frees a few dozen small objects per job (SimGrid's communications, actions
# and timers, our job records and rows): on the national year (bench/national_year.sh) glibc's
# malloc and free were 14 % of the instructions. gperftools' tcmalloc_minimal (Debian
# libgoogle-perftools-dev) does the same work in 6.6 % fewer instructions in all, and the run
# took 4-18 % less CPU time in 5 of 6 paired runs (docs/performance.md). Results do not depend
# on it: summaries and job tables are identical with either allocator.
# Not with the sanitizers (ASan brings its own allocator) nor in the fuzz tree.
option(AICN_TCMALLOC "Link the aicn executables with tcmalloc_minimal when it is installed" ON)
if(AICN_TCMALLOC AND NOT AICN_SANITIZE AND NOT AICN_FUZZ)
  find_library(AICN_TCMALLOC_LIBRARY NAMES tcmalloc_minimal)
  if(AICN_TCMALLOC_LIBRARY)
    message(STATUS "AICN: the executables allocate through ${AICN_TCMALLOC_LIBRARY}")
  else()
    message(STATUS "AICN: tcmalloc_minimal not found (Debian: libgoogle-perftools-dev); using the C library's malloc")
  endif()
endif()

# aicn_use_fast_allocator(TARGET): link TARGET with tcmalloc_minimal if it was found. Nothing
# calls it by name, so keep the linker from dropping it under --as-needed.
function(aicn_use_fast_allocator target)
  if(AICN_TCMALLOC AND NOT AICN_SANITIZE AND NOT AICN_FUZZ AND AICN_TCMALLOC_LIBRARY)
    target_link_libraries(${target} PRIVATE "-Wl,--push-state,--no-as-needed" "${AICN_TCMALLOC_LIBRARY}" "-Wl,--pop-state")
  endif()
endfunction()
