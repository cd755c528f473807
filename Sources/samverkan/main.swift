print("samverkan")
