print("samverkan-bench: benchmarks arrive with the benchmarks issue")
