# A stand-in whose upstream has "changed": the first URL appears twice, so the runner
# must refuse to rewrite it and skip the script rather than run it.
def main():
    sites = [
        "https://www.jython.org",
        "https://www.jython.org",
        "http://olympus.realpython.org/dice",
    ] * 80
    print(f"Downloaded {len(sites)} sites in 0 seconds")


if __name__ == "__main__":
    main()
