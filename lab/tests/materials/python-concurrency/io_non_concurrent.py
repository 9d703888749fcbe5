# A stand-in for the tutorial's script, written for this project's tests: the same
# shape, the same two URL literals, the standard library's client instead of requests.
import time
import urllib.request


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
    for url in sites:
        download_site(url)


def download_site(url):
    with urllib.request.urlopen(url) as response:
        print(f"Read {len(response.read())} bytes from {url}")


if __name__ == "__main__":
    main()
