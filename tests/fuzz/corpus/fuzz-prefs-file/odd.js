// comment
sticky_pref('a', 'it\'s \u00e9 \ud83d\udcee');
# hash
pref("b", -5);
