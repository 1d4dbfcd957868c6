"""The demo corpus: two news articles from the week of the Belt and Road Forum, October 2023."""
