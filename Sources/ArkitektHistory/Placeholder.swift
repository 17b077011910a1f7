// History: semantic diff, history walk, transitions over time.
