# A stand-in that fails: it raises before downloading anything, so Python prints a
# traceback and exits 1. The runner must show it as failed, with the reason.
import time


def main():
    sites = [
        "https://www.jython.org",
        "http://olympus.realpython.org/dice",
    ] * 80
    start_time = time.perf_counter()
    download_all_sites(sites)
    duration = time.perf_counter() - start_time
    print(f"Downloaded {len(sites)} sites in {duration} seconds")


def download_all_sites(sites):
    raise ConnectionError(f"cannot reach {sites[0]}")


if __name__ == "__main__":
    main()
