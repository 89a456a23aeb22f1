"""The show: one object that opens the shop, the chat and the store for a show, runs it
(practice, live, ended) and writes its report; the window and the command line both drive it."""
