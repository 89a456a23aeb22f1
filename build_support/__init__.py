"""What build.spec needs to freeze LiveShop Studio with PyInstaller on each platform.

Kept out of the ``studio`` package: none of it runs inside the app. Every piece that does not
need the platform it describes (version resources, Info.plist, excludes, the bundle checks) is
plain Python, unit-tested on Linux in tests/build_support/.
"""
