"""pip install . : the Python module tracediff, built by CMake from this repository's core.

No download at build time: CMake, a C++ compiler and the Debian packages of
scripts/debian-packages.txt (pybind11-dev, python3-dev, ...) must be installed, and pip must
not isolate the build (``pip install --no-build-isolation .``, or a venv made with
``--system-site-packages`` so that setuptools and numpy come from Debian). The module is
built in build-python/ (or in the CMake build folder named by TRACEDIFF_BUILD_DIR, which
reuses an existing build).
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent


def project_version():
    text = (HERE / "CMakeLists.txt").read_text()
    return re.search(r"project\(tracediff VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    """Builds the tracediff_python target with CMake and puts the module where setuptools
    wants it."""

    def build_extension(self, ext):
        build = pathlib.Path(os.environ.get("TRACEDIFF_BUILD_DIR", HERE / "build-python"))
        if not (build / "CMakeCache.txt").exists():
            configure = ["cmake", "-S", str(HERE), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                         "-DTRACEDIFF_BUILD_PYTHON=ON", "-DTRACEDIFF_BUILD_TESTS=OFF",
                         "-DTRACEDIFF_BUILD_TRACEGEN=OFF", f"-DPython_EXECUTABLE={sys.executable}"]
            if shutil.which("ccache"):
                configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
            subprocess.check_call(configure)
        # An existing build keeps its configuration; its module must suit this interpreter.
        subprocess.check_call(["cmake", "--build", str(build), "--target", "tracediff_python",
                               "-j", str(os.cpu_count() or 1)])
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = build / "python" / "tracediff" / f"_tracediff{suffix}"
        if not built.exists():
            raise RuntimeError(f"{build} has no {built.name} for this Python ({sys.executable}); "
                               "configure it with -DTRACEDIFF_BUILD_PYTHON=ON for this Python")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    name="tracediff",
    version=project_version(),
    description="Compare training traces step by step and gate CI on their deltas",
    packages=["tracediff"],
    package_dir={"": "python"},
    ext_modules=[Extension("tracediff._tracediff", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    install_requires=["numpy"],
    python_requires=">=3.9",
    zip_safe=False,
    # setuptools' own scratch space, away from the CMake build folder build/
    options={"build": {"build_base": "build-python/setuptools"}},
)
