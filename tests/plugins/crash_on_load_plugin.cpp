// A policy library whose static initialisation dereferences a null pointer while dlopen runs
// it: `--policy-lib` must end with one `aicn: error:` line naming the library, not with 139.
namespace {

int crash() {
  volatile int* volatile nowhere = nullptr;  // volatile twice: the compiler can neither prove it null nor drop the write
  *nowhere = 1;  // SIGSEGV, on purpose
  return *nowhere;
}

[[maybe_unused]] const int crashed = crash();

}  // namespace
