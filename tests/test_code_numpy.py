"""ML coding with NumPy: exactly the declared packages are importable, arrays are judged as data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from interview.grading.code import grade_code
from interview.grading.code.comparators import matches
from interview.grading.code.wire import Array, decode
from tests.test_code_runner import question

numpy = pytest.importorskip("numpy")

SOFTMAX = ("import numpy as np\ndef f(x):\n"
           "    e = np.exp(np.asarray(x, dtype=float) - np.max(x))\n    return e / e.sum()\n")


def softmax_question(**code: Any) -> Any:
    return question([
        {"name": "two", "args": [[0.0, 0.0]], "expected": [0.5, 0.5], "compare": "allclose"},
        {"name": "big", "args": [[1000.0, 1000.0, 1000.0]], "expected": [1 / 3] * 3, "compare": "allclose",
         "hidden": True},
    ], allow_imports=["numpy"], memory_mb=512, solution=SOFTMAX, **code)


def test_a_numpy_answer_is_judged_on_shape_dtype_and_values() -> None:
    result = grade_code(softmax_question(), SOFTMAX)
    assert result.code is not None and result.code.verdict == "passed", result.code.tests


def test_wrong_shape_and_wrong_dtype_kind_are_explained() -> None:
    q = softmax_question()
    shape = grade_code(q, "import numpy as np\ndef f(x):\n    return np.zeros((len(x), 1))\n")
    assert shape.code is not None and shape.code.tests[0].verdict == "wrong_answer"
    assert shape.code.tests[0].message == "shape (2, 1), expected (2,)"
    ints = grade_code(q, "import numpy as np\ndef f(x):\n    return np.array([1, 1]) // 2\n")
    assert ints.code is not None and "expected a float array" in (ints.code.tests[0].message or "")
    listed = grade_code(q, "def f(x):\n    return [0.5] * len(x)\n")
    assert listed.code is not None and "expected a NumPy array" in (listed.code.tests[0].message or "")


@pytest.mark.parametrize("code", [
    "import numpy\ndef f(x):\n    return [0.5, 0.5]\n",
    "import pydantic\ndef f(x):\n    return [0.5, 0.5]\n",
    "import interview\ndef f(x):\n    return [0.5, 0.5]\n",
])
def test_only_declared_packages_are_importable(code: str) -> None:
    q = question([{"args": [[0.0, 0.0]], "expected": [0.5, 0.5], "compare": "float"}])
    result = grade_code(q, code)
    assert result.code is not None and result.code.verdict == "error"
    assert "ModuleNotFoundError" in (result.code.tests[0].message or "")


def test_with_numpy_allowed_nothing_else_from_site_packages_is() -> None:
    result = grade_code(softmax_question(), "import numpy\nimport pydantic\ndef f(x):\n    return x\n")
    assert result.code is not None and "No module named 'pydantic'" in (result.code.tests[0].message or "")


def test_array_comparators_on_plain_data() -> None:
    array = Array([2], "f", "float64", [0.5, 0.5])
    assert matches(array, [0.5, 0.5 + 1e-9], "allclose")
    assert not matches(array, [0.5, 0.6], "allclose")
    assert matches(array, [9.0, 9.0], "shape") and not matches(array, [[9.0, 9.0]], "shape")
    assert not matches(Array([2], "i", "int64", [1, 1]), [0.5, 0.5], "allclose")
    assert matches(Array([2], "i", "int64", [1, 1]), [1, 1], "allclose")
    gradient = Array([3], "f", "float64", [1.0, 2.0, 3.0])
    assert matches(gradient, [1.0, 2.0, 3.0 + 1e-7], "gradient", rel_tol=1e-6)
    assert not matches(gradient, [1.0, 2.0, 3.1], "gradient", rel_tol=1e-6)
    assert matches(array, [0.5, 0.5], "float")  # an array against a list literal, element by element


def test_an_array_crosses_the_wire_as_plain_data() -> None:
    from interview.grading.code.wire import encode

    value = decode(encode(numpy.array([[1.5, 2.0]], dtype=numpy.float32)))
    assert isinstance(value, Array) and value.shape == (1, 2) and value.kind == "f"
    assert value.dtype == "float32" and value.data == [[1.5, 2.0]]
    assert decode(encode(numpy.int64(7))) == 7


@pytest.mark.parametrize(("kind", "dtype"), [("i", "int64"), ("f", "float64"), ("u", "uint8"), ("b", "bool")])
def test_an_empty_expected_accepts_an_empty_array_of_any_numeric_dtype(kind: str, dtype: str) -> None:
    assert matches(Array([0], kind, dtype, []), [], "allclose")


def test_an_empty_expected_still_checks_shape_and_array_ness() -> None:
    assert not matches(Array([1], "i", "int64", [3]), [], "allclose")
    assert not matches([], [], "allclose")
    assert not matches(Array([0], "U", "<U1", []), [], "allclose")


def test_an_empty_integer_answer_passes_end_to_end() -> None:
    q = question([{"name": "nothing to return", "args": [[]], "expected": [], "compare": "allclose"}],
                 allow_imports=["numpy"], memory_mb=512)
    code = "import numpy as np\ndef f(xs):\n    return np.argsort(np.asarray(xs, dtype=float))\n"
    result = grade_code(q, code)
    assert result.code is not None and result.code.verdict == "passed", result.code.tests


LOSS_GRAD = [0.25, [[0.5, -0.5], [0.0, 1.0]]]


def test_arrays_inside_a_tuple_are_compared_element_by_element() -> None:
    grad = Array([2, 2], "f", "float64", [[0.5, -0.5], [0.0, 1.0 + 1e-9]])
    assert matches((0.25, grad), LOSS_GRAD, "allclose")
    assert matches([0.25, grad], LOSS_GRAD, "allclose")
    assert matches((0.25, grad), LOSS_GRAD, "float")
    assert matches((Array([], "f", "float64", 0.25), grad), LOSS_GRAD, "allclose")  # a 0-d array loss
    assert not matches((0.26, grad), LOSS_GRAD, "allclose")
    assert not matches((0.26, grad), LOSS_GRAD, "float")
    assert not matches((0.25, grad, 1.0), LOSS_GRAD, "allclose")
    assert not matches((0.25, grad), [*LOSS_GRAD, 1.0], "allclose")
    assert matches((Array([2], "i", "int64", [1, 2]), Array([1], "f", "float64", [0.5])), [[1, 2], [0.5]],
                   "allclose")


@pytest.mark.parametrize(("actual", "named"), [
    ((0.25, Array([4], "f", "float64", [0.5, -0.5, 0.0, 1.0])), "item [1]: shape (4,), expected (2, 2)"),
    ((0.25, Array([2, 2], "i", "int64", [[1, 0], [0, 1]])), "item [1]: dtype int64, expected a float array"),
    ((0.5, Array([2, 2], "f", "float64", [[0.5, -0.5], [0.0, 1.0]])), "item [0]: 0.5, expected 0.25"),
    ((0.25, Array([2, 2], "f", "float64", [[0.5, -0.5], [0.0, 2.0]])),
     "item [1]: element 3: 2.0, expected 1.0"),
    ((0.25, [[0.5, -0.5], [0.0, 1.0]]), "item [1]: expected a NumPy array, got list"),
])
def test_a_nested_failure_names_the_item(actual: Any, named: str) -> None:
    from interview.grading.code.comparators import explain

    reason = explain(actual, LOSS_GRAD, "allclose")
    assert reason is not None and reason.startswith(named), reason


def test_a_function_returning_loss_and_gradient_is_judged_end_to_end() -> None:
    code = ("import numpy as np\ndef f(w):\n    w = np.asarray(w, dtype=float)\n"
            "    return float((w ** 2).sum()), 2 * w\n")
    q = question([{"name": "loss and grad", "args": [[[0.25, -0.25], [0.0, 0.5]]],
                   "expected": [0.375, [[0.5, -0.5], [0.0, 1.0]]], "compare": "allclose"}],
                 allow_imports=["numpy"], memory_mb=512)
    result = grade_code(q, code)
    assert result.code is not None and result.code.verdict == "passed", result.code.tests
    wrong = grade_code(q, code.replace("2 * w", "(2 * w).ravel()"))
    assert wrong.code is not None and wrong.code.tests[0].message == "item [1]: shape (4,), expected (2, 2)"


PRELOADED = "import sys\nBEFORE = 'numpy' in sys.modules\ndef f(x):\n    return BEFORE\n"


def test_numpy_is_already_imported_when_a_numpy_answer_starts() -> None:
    """The launcher for questions that allow NumPy imports it once, so no child pays ~0.15 s for it."""
    q = question([{"args": [1], "expected": True}], allow_imports=["numpy"], memory_mb=512)
    result = grade_code(q, PRELOADED)
    assert result.code is not None and result.code.verdict == "passed", result.code.tests


def test_a_question_without_numpy_never_sees_it_preloaded() -> None:
    grade_code(softmax_question(), SOFTMAX)  # the NumPy launcher is running
    q = question([{"args": [1], "expected": False}])
    result = grade_code(q, PRELOADED)
    assert result.code is not None and result.code.verdict == "passed", result.code.tests


def test_a_preloaded_numpy_still_imports_its_lazy_parts_in_the_sandbox() -> None:
    code = ("import numpy as np\nimport numpy.polynomial\nfrom numpy.lib import stride_tricks\n"
            "def f(x):\n    rng = np.random.default_rng(0)\n"
            "    return float(np.linalg.norm(np.asarray(x)) + 0 * rng.random())\n")
    q = question([{"args": [[3.0, 4.0]], "expected": 5.0, "compare": "float"}], allow_imports=["numpy"],
                 memory_mb=512)
    result = grade_code(q, code)
    assert result.code is not None and result.code.verdict == "passed", result.code.tests


def test_a_stale_package_link_left_by_a_removed_install_is_replaced(tmp_path: Path) -> None:
    """A link into a deleted virtualenv (same folder name) made every NumPy grade crash."""
    from interview.grading.code import scripts

    scripts._package_dirs.cache_clear()
    (folder,) = scripts.package_paths(["numpy"])
    link = Path(folder) / "numpy"
    real = os.readlink(link)
    link.unlink()
    link.symlink_to(tmp_path / "gone" / "numpy")  # dangling, as after `rm -r old/.venv`
    scripts._package_dirs.cache_clear()
    assert scripts.package_paths(["numpy"]) == [folder]
    assert os.readlink(link) == real
    result = grade_code(softmax_question(), SOFTMAX)
    assert result.code is not None and result.code.verdict == "passed", result.code.tests
