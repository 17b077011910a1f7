// The module's tests land here.
