# Asks an interpreter what it is: its version, whether its GIL is on, how it was built.
import json, platform, sys, sysconfig
gil = sys._is_gil_enabled() if hasattr(sys, '_is_gil_enabled') else True
flags = [f.strip("'") for f in (sysconfig.get_config_var('CONFIG_ARGS') or '').split()]
print(json.dumps({'version': platform.python_implementation() + ' ' + platform.python_version(),
    'gil': gil, 'free_threaded': bool(sysconfig.get_config_var('Py_GIL_DISABLED')),
    'flags': [f for f in flags if f.startswith('--') and '/' not in f]}))
