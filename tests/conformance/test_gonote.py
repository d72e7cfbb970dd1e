"""jupyter_kernel_test conformance suite for the gonote kernel.

Every attribute of jupyter_kernel_test.KernelTests is filled in, so no test
is skipped; run.sh fails if one is.
"""

import unittest

import jupyter_kernel_test


class GonoteKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "gonote"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import "os"\nos.Stderr.WriteString("to stderr\\n")'

    # Matches are the completed words; cursor_start marks where they go.
    completion_samples = [
        {"text": "fun", "matches": {"func"}},
        {"text": "display.ClearOu", "matches": {"ClearOutput"}},
        {"text": "display.UpdateDi", "matches": {"UpdateDisplay"}},
    ]
    complete_code_samples = ["1 + 1", "x := 1", "func f() int { return 1 }"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {", "x := []int{1,"]
    invalid_code_samples = ["x := )", "x := 1)", "var = 3"]

    code_page_something = "display.HTML?"
    code_generate_error = "undefinedName + 1"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "1.5 + 1"},
    ]
    code_display_data = [
        {"code": 'display.Display(display.HTML("<b>gonote</b>"))', "mime": "text/html"},
        {"code": 'display.Display(display.Markdown("*gonote*"))', "mime": "text/markdown"},
    ]
    code_history_pattern = "6*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "display.HTML"
    code_clear_output = "display.ClearOutput(true)"


if __name__ == "__main__":
    unittest.main()
