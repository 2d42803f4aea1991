print("barometer")
