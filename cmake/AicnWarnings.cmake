# Compiler warnings and sanitizers applied to every AICN target through aicn_options.
add_library(aicn_options INTERFACE)
target_compile_options(aicn_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(AICN_WERROR)
  target_compile_options(aicn_options INTERFACE -Werror)
endif()
if(AICN_SANITIZE)
  # float-cast-overflow is not part of GCC's -fsanitize=undefined: a double that does not fit
  # its integer type (1e12 GPUs as an int) is undefined behaviour all the same.
  # No recovery: undefined behaviour fails the program (and its test) instead of printing and going on.
  target_compile_options(aicn_options INTERFACE -fsanitize=address,undefined,float-cast-overflow
                                                -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(aicn_options INTERFACE -fsanitize=address,undefined,float-cast-overflow
                                             -fno-sanitize-recover=all)
endif()
if(AICN_FUZZ)
  # Coverage for libFuzzer in every AICN library; ASan and UBSan (clang's `undefined` includes
  # float-cast-overflow) abort on the first report. float-cast-overflow alone is recoverable so
  # that a long run may suppress a known, reported narrowing (tests/fuzz/run.sh,
  # AICN_FUZZ_UBSAN_SUPPRESSIONS); run.sh sets halt_on_error=1, so it still stops by default.
  target_compile_options(aicn_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                -fno-sanitize-recover=all -fsanitize-recover=float-cast-overflow
                                                -fno-omit-frame-pointer)
  target_link_options(aicn_options INTERFACE -fsanitize=address,undefined)
endif()
