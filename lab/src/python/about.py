import json, platform, sys, sysconfig
gil = sys._is_gil_enabled() if hasattr(sys, '_is_gil_enabled') else True
print(json.dumps({
    'implementation': platform.python_implementation(),
    'version': platform.python_version(),
    'executable': sys.executable,
    'gil_enabled': gil,
    'free_threaded_build': bool(sysconfig.get_config_var('Py_GIL_DISABLED')),
}))
