-- wrk: a password sign-in, accounts:signInWithPassword, against the Firebase Auth emulator (the
-- same user, made by run-emulator-vs-firebase.sh through accounts:signUp). Firebase has no
-- client (device) to carry: every request is alike, as the Firebase JS SDK sends it.
wrk.method = "POST"
wrk.path = "/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"ada@example.com","password":"correct horse battery staple","returnSecureToken":true}'
