"""Team mode: the local outcome journal, the pusher that delivers it, and lease renewal."""
