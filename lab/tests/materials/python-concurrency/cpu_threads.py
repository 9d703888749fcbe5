# A stand-in that hangs: it starts a child process, writes both process ids where
# HANG_PID_FILE says, and waits forever. The runner must stop it, with its child.
import os
import subprocess
import sys
import time


def main():
    numbers = [35] * 20
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    pid_file = os.environ.get("HANG_PID_FILE")
    if pid_file:
        with open(pid_file + ".tmp", "w") as f:
            f.write(f"{os.getpid()} {child.pid}\n")
        os.replace(pid_file + ".tmp", pid_file)
    time.sleep(3600)
    print(f"Computed {len(numbers)} in 0 seconds")


if __name__ == "__main__":
    main()
