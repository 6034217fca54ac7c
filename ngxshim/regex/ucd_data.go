// Code generated from PCRE 8.39's character database; DO NOT EDIT.

package regex

// The Unicode data PCRE 8.39 matches with (Unicode 7.0.0, with PCRE's own
// choices such as unassigned code points in the Common script), re-encoded
// from its pcre_ucd.c by a script outside this repository. ucdBlob is the
// base64 of the gzip of: the 8704-entry first-stage table (one byte each),
// the 29056-entry second stage (uint16, little-endian, blocks of 128),
// 720 records (script, category, grapheme break, case set: one byte each;
// other-case offset: int32) and the 79 words of the caseless sets
// (uint32, NOTACHAR-terminated).
const (
	ucdStage1Len  = 8704
	ucdStage2Len  = 29056
	ucdRecordsLen = 720
	ucdSetsLen    = 79
)

// ucdScriptNames are the scripts \p can name, in the order of the records' script numbers.
var ucdScriptNames = []string{
	"Arabic", "Armenian", "Bengali", "Bopomofo", "Braille", "Buginese", "Buhid",
	"Canadian_Aboriginal", "Cherokee", "Common", "Coptic", "Cypriot", "Cyrillic", "Deseret",
	"Devanagari", "Ethiopic", "Georgian", "Glagolitic", "Gothic", "Greek", "Gujarati", "Gurmukhi",
	"Han", "Hangul", "Hanunoo", "Hebrew", "Hiragana", "Inherited", "Kannada", "Katakana",
	"Kharoshthi", "Khmer", "Lao", "Latin", "Limbu", "Linear_B", "Malayalam", "Mongolian",
	"Myanmar", "New_Tai_Lue", "Ogham", "Old_Italic", "Old_Persian", "Oriya", "Osmanya", "Runic",
	"Shavian", "Sinhala", "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le", "Tamil",
	"Telugu", "Thaana", "Thai", "Tibetan", "Tifinagh", "Ugaritic", "Yi", "Balinese", "Cuneiform",
	"Nko", "Phags_Pa", "Phoenician", "Carian", "Cham", "Kayah_Li", "Lepcha", "Lycian", "Lydian",
	"Ol_Chiki", "Rejang", "Saurashtra", "Sundanese", "Vai", "Avestan", "Bamum",
	"Egyptian_Hieroglyphs", "Imperial_Aramaic", "Inscriptional_Pahlavi", "Inscriptional_Parthian",
	"Javanese", "Kaithi", "Lisu", "Meetei_Mayek", "Old_South_Arabian", "Old_Turkic", "Samaritan",
	"Tai_Tham", "Tai_Viet", "Batak", "Brahmi", "Mandaic", "Chakma", "Meroitic_Cursive",
	"Meroitic_Hieroglyphs", "Miao", "Sharada", "Sora_Sompeng", "Takri", "Bassa_Vah",
	"Caucasian_Albanian", "Duployan", "Elbasan", "Grantha", "Khojki", "Khudawadi", "Linear_A",
	"Mahajani", "Manichaean", "Mende_Kikakui", "Modi", "Mro", "Nabataean", "Old_North_Arabian",
	"Old_Permic", "Pahawh_Hmong", "Palmyrene", "Psalter_Pahlavi", "Pau_Cin_Hau", "Siddham",
	"Tirhuta", "Warang_Citi",
}

const ucdBlob = "" +
	"H4sIAAAAAAACA+2dB5wURfbHq2rzsixhYclsEJaw4hIki0gSCQpKkqwgiiwItCQXVFSMa0RRzAFzOEUFc0TBHA9MhzncnXen" +
	"3ump/1P5V/jVdJw8PZumv5/q1+/Ve69C9/T0pB5CWVp6RmZWdk5uo7zG+U2aNmte0KJlYavWbdq2a9+hY1FxSel+nTqXdena" +
	"rVu37uX79zigomev3n0O7Nuv/4CBgwYfNOTgoYcMGz58xMhRh44+bMzosePGjx9++PDhR0yYeORRkyZPmTrt6OkzZs6aPWf0" +
	"3OiXY+bW/uXYefOxHLdgwfEnLDxxUeXiJSctXbbcOHnFylWr1yRanFLlWNZGvcydu+7U005fv/6MM8/acPY55553/gXVF150" +
	"8SWXXla9cePl1VdsuvKqzVdfc+111dXV1/Nyw4033XzLllurq2+rvv2OO7nhLl7urg4s96jl3vuqvZc/Ybm/OjnLA3zZ+uBD" +
	"Dytt2/bqGl4eCWJ/9LHI4kc//sSTT1U/Xf3Ms889v+OFF3eG89/1krn98ivV1a++9vobb1a/9fbod9798+49773/wYd2/7mp" +
	"JXHLR+Ec/jJ3bw0fj6IXNd2H1JJaUktqSS2pJbWkltSSWlJLakktqSW1pJbUklpSS2pJLf4vH3/y6WefhFhSM1S/l7WppSEv" +
	"n6emoGHvf+KxULlmJJIljaRLMiAzSRZfZ/OSI/VcD9KlR7b0SieNPMhz6I0deiaPyyL5pAkvTT1o5tCbO/RM3nYWL/EvaXLs" +
	"igK+nc/XLUhLnruQbwktm7Ti5JPWcrT5fLsFaSNtrWyjb+s5E3ayHXo7y5jae86EnWyH3oF0JEW+lmJSYtNLwkaU+NqfUpu2" +
	"H+lEOge0MrnuwlH96Eq6ke6wlZP9SQ9ygNQqeF0P0pP0Ir1t2fpgXYIxKP1Ajvboi8wtIPvxLUV/MoAMJIPIYHIQGUIOJkPD" +
	"juSQiMZbQoaR4WSE3B5JRiV8Pg+NcH+VWBgtLYeRMWQsR2yPI+PJ4Z5xR5AJZCI5khzF4yZxSshkXqaQqcg1iUzj66N5mU5m" +
	"8PVMMouvZ5M5slZszyXHyO1jbX0oIfPker5lXUKO41sLyPGcEyyeC+UeK3FxoofNySIXlS7yQWUQ8kNg5jVtizmVMl9+WJbU" +
	"Gk7yJetSskyWSrJcSoNzMlkhSScrpS5YzudiFbeslhhkDS+ncKrIWrKOl7XkVLk+jZxO1nN5htTWkjPJWdxzg9w+W67Pketz" +
	"yXmSKnI+uYCX80m1XF9ILiIXc3mJ1M4nl5LLyEZyudy+Qq43yfWV5CrOZnI1uYZcK7mOXE9uCIzHWm4kNwUtN5NbyBZyK7mN" +
	"3E7ukN53ynUVuUtydxjuiZN74+S+MPyJ3B93eYBs5YijZSt5kJOInJGWh0LWPpzUvvhRDLItgYhH6nbyiAWDPJpAHuP50snj" +
	"sp0nOE9y+ZRvPM3LM3LLXBsOno0JZ/wzHMOT5wIUkuclOzgv8FnYQV7k7PQknXsb3COd7IqTSk+r97ncqydery92AJVpV71A" +
	"jMY+8kLH3nmJI6RpFXEve6Ayir27i7wSAoO8Sl4jr/MSO6/HhDgyVbzf8/pGAnnTkzeCPPIUb3nwdty84+Jdzp/Jbsm7lvb3" +
	"RMF74P3A1nsum7VO5P8gJAb5MGo+kojcfwk5s8khsqPM/37sjJG9ko/JJ0lEtLeXy48lex18HLB/LPslzvxmrXe+vfK9lU89" +
	"+Ix8HrIvX5AvyVccg2/ZMWAzPOpCYXjohi2L2P6Sy69ly18CYVU9MWD/wrWXvw5sWVvS0d94IOr/yvmbhb9z3cz5LecfXP7T" +
	"gq7T2/+MAsNTt69FqwZvVfCt3Db7ouW3AZt9Dqx57TX/8kDkUf7fBnnkfMf5nssfXBgOGRmGp27YLKLVH3irgu8CmH1RdkNG" +
	"hX7ci3zfwfffHvyH/Bgmw0/kvxyD/OzAgM3wqAuF4akbjsw/cfmLbPsnIKyqJ0r+5NHTXwLb1pw6+lcP/o/X/8+C1wz8Rn7n" +
	"698tKLvedluNgN1qs8YYjozu7Ab5g+zjbe/jKH0ftpX8DTmsPf0j5J4k1I1amIU0XsyYdJohMUgmtaMt7prQhPdXLWfSdElG" +
	"oAdK1zKd2kenLGa8zpIZ8M2ibpxzlE2t5PD6XNqIY5A8akdb3DWh8fa3WkU/crlsRFXbjdED3ZNGsibX0ffG3M9u0Vm1bz51" +
	"ozxCHTVNaFOOQZpRO9rirokf0W4z2ly23AQYpCl60hT2Zq5+N3dZRDYVbZAC6qaFBRXR0tWTQlrIZSsaHpUhEk97lLfNnUvl" +
	"bx0YZRsq+tZaouyF1Eob23y0pW70+NoFPQbaU3/pwEtHvrai286wtV7k8OpAi2mJB8WcxF05l9JSKtbubaeXrrWideVvz6LY" +
	"j5dOfG1ikP2k1ZpXaJ1RY/oZpIy6sfcnPrrQrpJuIekqi6A7p6uFcg/296CrjFOlBz1AlgpOFweiR4lBj7A7DU6FZbubXJvx" +
	"3hGh80WDQbpSO/aZVfXmPiggCrGduKO/J/WDXpzeoE9gS9ALNmXtSQ/0oK8Fa1YzStEbWi9Jz8BWL4ulZ6Dl4L0VveqD3pmo" +
	"zF790/X9OP0TiEH6W/as2h5A/SCdDMTWoDrO4FrGQXWMIbUOg5hb5rZZF6re7/Zrejx+jDfZ85GYPhnkYCoY6uKQCFFn2XAt" +
	"DfPA+vw5nNYVvJ//R9CRKVLUQ0ZxwnsdSkfHwGF0DB5PY2ltRH0XdxwVOOvsj//xNBhm3eES7/PHETQ8EySiR+74iTQ8R3KC" +
	"vX45igZD1xlkEp0UNH4yTQ5TOFPl2mSqgylYezFNcjTkdJlR9H8GdWMd30zqxlo/i86Se0asZ9NZYI5kLvc8hrqxxh9LE8E8" +
	"emyScO7/xLcwx9ZKbTojeh3/82k8GOQ4KlgAzG2dX1kXWFARuv54bJ1AT6ALPTgxDkReu+ZmEfUHnb+SahZL1FalBXucsFj7" +
	"t4S6OQkeS+lSuixOlkeFwTmZY8gerKAr6MqksYqulsWKQVbTNVSUNY4a4Wuy2gMxgtX0FA+s8x+uvopaWWvT5P4LwTpa899f" +
	"OZUqTqOn+4po4VRqtiaKRm3b/XX/1lM3Z9g404NTXbh9VP6z6Fl0Az07DjbQs8AGbGuLqD3HA2v0uQnkPHo+L2J9vtxSmtKd" +
	"+/0CqqhOEBc6uMiBtqnWL6aaSzxQPirvpR5cFgcbLVzOqenH3xXUjrNenSnSQ5xFNlG7fiVVmFub6CZoKp81f0kCqQpwFV1E" +
	"/ObkAG5L8D5upldTtXUNjX2kiRtDMn9h4z6ulvj++z+/y7X0Opqstsz9f708dm6gJXV+/m6kdm5yYK0Tx421TujRxMeSv4q3" +
	"YC3Cw1rC5b+ZcwvYwrmVcxvndo5X/+9wkIj6KnInL4Y8M4o+3cW5my4n9/AisNbfSxV3o07FV6lrTcTfxzGIvb6KbAnU/4lz" +
	"J+pVnJn/fno/fYCj8hskzZNCspVupYVc5lgQ7xO0JG1IJl9rme7gQfqQjFOkuepVBr3dhJOO34OrX457kS09vWrSiNnWw5Z2" +
	"TVrxs6z8no0F9dtz0d4im91db4Q4d+tvsMROJNcHoV49KPRWJGd9N+IbBdsC3y1QW9vpNsl2am7pumyyjWp0lI58BF6P0sdQ" +
	"r+Iflxn01ch2tKHqsolGtbdd1mfLnE/wrVZheJKG5qkwPC0RZ8Knsd3K/n3BAOZYrVq2a13gqIudbEveRORK4cY5T+JRL0q0" +
	"+8ieoaDWk53koynx/Y8nt/38lziif/0Xb55WNUQss/MMjZ5nY8DvcaRI5FknO8k98Pe8VJ/O8nUR/fztVZJ9vovueMyUd6SK" +
	"B68xh4t5jjZsgs9csFKz16uJ6oXOkezzbegrRP/OzIm41kvU9WLoK08jAVeVkfM89ROD7KB+Ysj3MF+gL9KddBd9yfZO8Mv0" +
	"FfoqfQ3v0ZY43sEV7+C8Tl+noe6dVJfKG/RNC9r6FhWILXOPv00V78j1uwnEIO9aPr9S23+mycV+dO+me0J+wvdeDN87thP6" +
	"+9n+61vjRL8ja74rq7as79Ka5ATWul69D2x/hjT9Kz3ftdXvJetcmTX4+ev7NHpii6pZEjn+FLVrH0b//pJ5TaE/oSkgH9Ar" +
	"6YfU64rX63VVjlyLug+pE/3Jw0f0I5pjuY9lQcBbtJWOfvyF1h30JzLizpl76V5uySEf07qHODN/Qj/hW+aR8ilNNCrvZ7Tu" +
	"oh4/od4DiGdmEvn+c7DHf7gj4fO4MBL+Xok7V+j3ZeLrf0ES3uuJ732lL6ifGD7nTzyJfn/iS5oiWURzfZIs6tZsJZ6vaKR8" +
	"Tb9K0YBQx8c3NJm4j8+/0sTyNwt/53ybwpN/0H9Kwvn9ywNhj/T84+e9x7+j6n7uD5Lvqdd7X9/TzTTW3Jt5rHj37Qdae/i3" +
	"B//h/GjBOf/5UeH93xThvjNdk99vXuT67r6u+cnze+PmiP5LS4gR0zh+pr/QX+n/ybn+H/2tFvzKS9NCfu5REvjXmRbkd/o7" +
	"/YP+Tq3SuhUZ+zh/cPZRwhRe308S11sZjteqtltT+ohenDOSxtJYehJIC0MGc++tTJbJsjyw+uyNAOv9jj+TfGJ+v5W5yYmR" +
	"XAfppBHLi4rGnuRzgty7ksV+5yiVoSkTNGPNfUW00Iw1Zbq1ZlgLCoJi8LNRC+Ym8NqJ+1jvYtaSue9t5nX/MrPWIIUs0bSy" +
	"0Jpjle49qGPcWVpL7zbMjbzXJVOEuxOdfU76SXrKu7ep+8O1Y/7SXpb2UrYLyHYWTZRoz+MiugPryCnypJiVcIo5pZwith9H" +
	"2LxyOT/fDKdH9/lniS/kO36FYchfHxp1kCKWCIrl3jXXpYG93Ym5sbbfmZXFRCouFZeKS8Wl4lJxdTkuUXmCPb9Hd/dYHeX/" +
	"fV8D9/9mDZuuDZz6/nljQ/kcNVbsr6uCeT0WwPrPkk95/vdkNxbqfynt24bF6v1fl/Xhvxu7s9Ak6l/mUtQtsiL45nNN9zHZ" +
	"fUjW/zO+QF4k4e7Pp+68ZUV9uz2y+3OoO2+ob7uL+5yE+12Zmd+8N4q+64lh+b68+5v22dyqfjMl/DKI9U671plNPeKcR1ph" +
	"YGYzbHs4O/BbB6//F1Zzni290kmjGMjkcVkkn+/ffNI0BjJ521mBe+boI8Hr+52VPn4/uZyVs3i/X+v8hnDkunn/nWw+iwW4" +
	"o06B7feDBnmYOlH3BdLfmd2feRO8JhSRRim/cN6h+qfr4yWWUdZ9LP8qaDtb+ne/jGDfduzBksUBoCIsyiuy349UMH8/H/Hv" +
	"m59L6uTnRYmmJ4sVFd+L+U24+6PF83g0SG8WH31AsP4dyMLR18NixvdjiaN/ADP/ABY7BhnIBiUI3R+nfTA7KIAfx/8QllgO" +
	"TjBDfeaQOBDzN4y5qUvnv+Essbj+X4klB+/RjQy7L0axFMkjvvmPZP9Fe/wfykyUbrclEpVZt6vWo6PAIIexMQ7GRsU4zngb" +
	"h8eF69+QmJPafv6bwCJnogUVfSQ7KgbM1ifV+PxMZvExJUqsbTv1mmAqmyYxiFprpsE+FQhPq4wWe15TO9qBs3/TmRN7/QwW" +
	"KzM5s9jsmJkjiXf+5zI7x7C5MXIsR2edxzTzbbjbP44lD/wjFLNyfBTI/4lidhZGhDneE5mdRRFgn7FKpgi2RxczK7X9/L+E" +
	"1TZS78lEw0ksHgyylC1jS9nypLEsJIYdjPFkFhkrPAg9e8vYSs4qtto3VklWAr29hnOKXAtC9bCKRYs9fi1zY61fxwSnJoh1" +
	"AU6zbCsMcjpzsx4EG/8ZLBGcyc7inOHRyga2gZ3NzvGZsyUbXJxtaftcoHumts5jbs6xjeN8Fhne83sBC09kXnaqJRdK1JbS" +
	"LrLQEM7PFzM/uYRdKrnEgdn+ZcyNvYcb2eUcg1zB7Mh/J7PISHF66yz2zBu53MTbVa2rHhjEKi/3OD42WWxmPu27kVnRo7Pr" +
	"Tq5k/nIV28y52sJmWTbLGq1fLX2v4cXZv2uZm0Qen9cxP7me3cC5EYj2bmA3BGxqfZOLZD4+b2b+cotkiwNlU/ZbJTcHGfVt" +
	"zE0ix38784M72J2yiLWJ0Jzt38Xc1KXz+90sPu6Jk3s9uM9F0Ltv1Phc38+Sjb39B1iK6Khf12dbWX3GIA8yjff4H2Ip/KP2" +
	"H/+16f5FDQP7/D/M4sEg25gbnXs7217nz9aPsNgR8Y8yzWOec/E485cnbDwZ4CnwNBAWr/49w9wY5FlmJZpRRDvy+v7+zHOs" +
	"thCsf8/7SLjZ2cEULwSlru//j3FX94bKi6w+Esn4gtWHnx9h38l2cV5i+n+m6+r+b0j/Dej/+GtyRl9mm/DPG0rfRF9mGue/" +
	"ojt/qah+D+G0xP7Livhz+PNvu24qWM3ziqSCpR7/0e/xaH7r4YX5b/aRsz0G4m+Hv55LSjuRjkfNnZpDPZPWGXXPrXUkztEE" +
	"G10y94+17+7eOy2R7Y9w7djzex2TsbdTN47rVDv1oR31GI7lfJodw/Ftj0m1Wd/aVMdSbhJ4laWoHYg9/hpz8rqNxF//xnt3" +
	"FCOwNrAO7mV67nL0wbq1y5bHK7/bz3DcqccI2b69J6F6G8l9etwxRg3c5yfo/1tzauL1T317fyW2+YvEI776eMcQ/R07omux" +
	"pvdX7X3nJfG8waLnTRZ6PH7PX7i59Xu2/T4Ca/s5ra6cdf165BY0aIwGs9/9HnVDP5Lq+5motl13hn982Osb+uefdX/8yb3+" +
	"qan5iaR/fu6/RB4fdeH7Dw33zu/JHn99mP+a+IdufxH3w3XfIzdynN8sqWvEM/b6wBKSoj4Tbv835P++Eee/HMKIWHIIhVRL" +
	"Toc8JVtCtoIshGwO2QayGWRjJUty8kixkqMhqZA5reHXFH4ZeeTTffv2cTkakgqZ0xb1WfBvAUnR3ybQM/LaZqVxWRBod1wx" +
	"8j7TQcpxyEtOQb8o6vcJe47ZD93vc9GPH/9QcTtgfwfyDcjXISdAvgL5KuSbyHss9Hch34Z9C/Td0M+EvgfyQ8gPID+C3wCl" +
	"Z4iZKMnOy8B4Mv5Q48mBPQf2HNgbw94Y9sZ/YF62qvpmqG+G+maIIzdCvgR5GmR5d9Wv2dC7dlf9Gwr7ENhHof+j0f8i+LWH" +
	"7Ah5APrTG7IPZD/IvpATblP+4yB7wd4V+kjICth7QP7cTdmHof536OWo7w75Dexl2g7/J6B3gXwMsjNkc+GXieMSMg3He7u8" +
	"NC1bruCyAMdhAY7DAv24YEoWIL4Ax4Xw13FlkJ0hD4EcCn8CvVjJUsjBkGWQLSH7QLaFrIDsD9kRshxyRDHa+VD0m8uPID9V" +
	"shRyMGQZZMsLlewDve2vv0lZAb0/ZEfMS0fo5ZAjIMmzkM8JyceZrfxLP0d738CO+Sv/Qdkr/o64X7jMxfzn6vnn/XoF/XgL" +
	"flkY54UqX9kLGJdsv405z7+iPfG4yONyIrfnYf7zMC9CPoB6CrtoNw/nuTwcH3mNILlfE/iJ/lOu9+Q6xXFBcV6mvF70l2K/" +
	"U5yHKfJSnLfbIH8b1LdBfBucXwnOqwTjIqgniCfIR5CH6Dj0h+C83wtxvZCvF/x6Ia4/9P7QhyJuKOxDtR15h6Ldocg7HX7T" +
	"4TcdftNRPwf1c1A/B/Z86Pm5GUrCLx/t52s/5GOoZ4hjiGO50BHHMD8Mz0cM/W2JuJaIa4l8LRHXAvUtUN8C9S10PfrTAvnL" +
	"4V8O/3L4l6M/5YgrR/vl6E9fxPWFf1/490Wevojrq/0R3xft9kN8P/j3Q55+iOuHuH6Iaw//9vBvD//2aLc94jrBrxP8OsGv" +
	"E/w6aT/k74T8FfCvgH8F8lQgrgJxFZi/AfAbAL8BWSp+APbzAO2HuGL4F8O/GP7F8C+G30D4DUS/BiLPQMQN1H7o/0BcNw3E" +
	"ddNAjKMMecpyIRFfpuuRpwz5y9BeU34+OKY9l4hviv61ysqEzILMlrIJ/JogfxPka4L+NUHebPhl4TyRpXX4d8V1YVfYu2Jc" +
	"XTGuHrD3yFeyN/TeaLc19NbQM6FnQu8DvQ/0IuhFWse8FKE/RRh3EY7XIsxXEcbVGX6dMZ7OyNMZ56fO8O+MdjojXyn0UviX" +
	"ot1SzFMp8pYi/kD4d9EyV0sV1wV+XdCvLshTBJmBuAy0l4G4DLQzA/UzYJ8BvxloZwbyz9D+GEc7PJ8Mgf8QxA9BviGIG4K4" +
	"IejPOPiPg/84+I+D/yzos+A3C36zkGcU6kfBPgp+o3Q98hymJfwPQ78Pg984/foDeXLgl4fnu7xM8/o9/QIlv86X15tDcR07" +
	"dJ+6Phu6E9ejwz5Xz+/ZeP7+Bc/3Y/F8PxXyOMj1kMsgTxMy24zLQZ7tQuf2n3G9878v1HXB3bg+uA7yUsj1kGdy2Y6q+clp" +
	"h9c37SEZZE7g9Y6+7hix5XM5ntHDPpFy3ONKkvaYjy/FePnjsKnQufweuszD93NbyK+5PR37vRmuM5rhukLky9mjZNsflGyz" +
	"R13v7t6t5Pu7lf1LyDT4fwb9c8jnuMxF/3PRXi6Oi1zs51w8Pppyv5v4/A3C/h6E/TwIfoMQV4g8hagvxPha4fmgLeLbor4D" +
	"9A76+jxLnzchka+Dzgv7QVoi7iDUT4F9CuxT0L/xsI+Hfby243jP08cx7EdAPwL9PwLjO6Kl+br0t5VqHt+foeSTkFsht0E+" +
	"A/kvyD1c9kT+nsjbE4+nnhjHIag/BO2NRf1Y2McibqyuxzhGagm/kfAbCb8xsI+BfQzyjkH9JNgnwT4J/pN0vX7+wzyOQP0I" +
	"xI1A3Aj4jUDcTPjNhN9MxM9E/VTUT0X8VPhN1fXwn9pYHx85kLnq8ZOOx2UarqP1dbN+HZep8u2HdgqwXwtwfBdg3g9F/XDI" +
	"blrCrzn05ohfCX0l+jsY+mD0uzv07lpHXGPx+lxI8Xjlj+sD4Le/lhjnidBP0BJ5lkBvBDlRS9RPRH9Xw74a41sN+8mwnwx9" +
	"GPRhWkee0bCPhn4s9GMgO2qJ8XdEfEf4T0P9NNinwb4C9hWwL4W+FP1cinxLdT3iDoff4dCPgn4U/I6EfiT0NdDXwH8N7Efr" +
	"10vQZ+O4m412Z6N+NuJmaz/sl8nwm4y4yfCfDP/JuJ45DvbjEDcXcXNhn4v4uboe8Seh/iT4nwT7fOjzETcffvN1vb7eRn8r" +
	"UV8J/0rEV8J/MeoXw74YfouRZxHsi2BfBP9FOJ+vhb5W6/Bbi7i1aGct8lXBvwr+VfCvgn8V/JfDbznql6N+ua5HvgXwW4D6" +
	"BfBfgPp1eN2/Dq/712k75mcd4k+BPFhLPE4PRnsTYDe0RB4D9cfDfjz6cTzsq2BfBfsqbcdxvgrntVXItwr9moe4eRjPPMTP" +
	"g/9C1C9EnoWoXxi4PlN6AezL4L8M+ZfBntO2kXo+Rh5xbTZJnBd4OZ0q/QUuX+RlJ/RdXL7Ey8vQX+HyVV5eg/4Dl//m5T/Q" +
	"R/GmrublMV6eLlK2bTz/dVx/Mk3pW7h8npcd0Ddy+SAvb0HfzOWjvLzNy4+w3c7lTl52Q7+Jy2d52QP9Gi4f5+V76Ddz+Rwv" +
	"P0DfxOU2Xn6CfkxHfn7j5dqOSr+L21/mpaxE6ePE40acw6G/yLe/Eq/tof8/1FSvcLwcAQA="
