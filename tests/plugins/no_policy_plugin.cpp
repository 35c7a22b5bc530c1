// A policy library that registers nothing: `--policy-lib` must refuse it with a clear error.
extern "C" int aicn_test_plugin_without_policy() { return 0; }
