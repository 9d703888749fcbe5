import json, platform, sys, sysconfig
gil = sys._is_gil_enabled() if hasattr(sys, '_is_gil_enabled') else True
# How it was built: configure's flags, without the ones that name a folder of this
# machine (--prefix and the like) or set a compiler's environment.
flags = [f.strip("'") for f in (sysconfig.get_config_var('CONFIG_ARGS') or '').split()]
print(json.dumps({
    'implementation': platform.python_implementation(),
    'version': platform.python_version(),
    'executable': sys.executable,
    'gil_enabled': gil,
    'free_threaded_build': bool(sysconfig.get_config_var('Py_GIL_DISABLED')),
    'configured_with': [f for f in flags if f.startswith('--') and '/' not in f],
}))
