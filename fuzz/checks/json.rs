//! A small strict JSON reader (RFC 8259) for the reference validator,
//! written apart from the guard's own (serde_json plus a strict visitor) so
//! that the two can be compared: duplicate member names and nesting deeper
//! than a limit are refused, the first problem in reading order wins.

/// A JSON value; objects keep their members in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum J {
    Null,
    Bool(bool),
    Num(Num),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// A number as written, with its value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Num {
    pub(crate) value: f64,
    /// The integer it is, when written as one that fits a 64-bit integer
    /// (JSON types are never coerced: `2.0` and `2e0` are not integers;
    /// neither is `-0`, which only a float can hold).
    pub(crate) int: Option<i128>,
}

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JErr {
    Syntax,
    Duplicate(String),
    TooDeep,
}

impl J {
    /// The member `name` of an object.
    pub(crate) fn get(&self, name: &str) -> Option<&J> {
        match self {
            J::Obj(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Reads `bytes` as one JSON text, refusing containers nested deeper than
/// `max_depth` (the outermost counts as one).
pub(crate) fn parse(bytes: &[u8], max_depth: usize) -> Result<J, JErr> {
    let mut reader = Reader {
        bytes,
        pos: 0,
        max_depth,
    };
    reader.ws();
    let value = reader.value(0)?;
    reader.ws();
    if reader.pos != bytes.len() {
        return Err(JErr::Syntax);
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<u8, JErr> {
        let b = self.peek().ok_or(JErr::Syntax)?;
        self.pos += 1;
        Ok(b)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, want: u8) -> Result<(), JErr> {
        if self.next()? == want {
            Ok(())
        } else {
            Err(JErr::Syntax)
        }
    }

    fn literal(&mut self, word: &[u8], value: J) -> Result<J, JErr> {
        for &b in word {
            self.expect(b)?;
        }
        Ok(value)
    }

    fn value(&mut self, depth: usize) -> Result<J, JErr> {
        match self.peek().ok_or(JErr::Syntax)? {
            b'{' => {
                if depth >= self.max_depth {
                    return Err(JErr::TooDeep);
                }
                self.pos += 1;
                self.object(depth + 1)
            }
            b'[' => {
                if depth >= self.max_depth {
                    return Err(JErr::TooDeep);
                }
                self.pos += 1;
                self.array(depth + 1)
            }
            b'"' => {
                self.pos += 1;
                self.string().map(J::Str)
            }
            b't' => self.literal(b"true", J::Bool(true)),
            b'f' => self.literal(b"false", J::Bool(false)),
            b'n' => self.literal(b"null", J::Null),
            b'-' | b'0'..=b'9' => self.number().map(J::Num),
            _ => Err(JErr::Syntax),
        }
    }

    fn object(&mut self, depth: usize) -> Result<J, JErr> {
        let mut members: Vec<(String, J)> = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(J::Obj(members));
        }
        loop {
            self.ws();
            self.expect(b'"')?;
            let name = self.string()?;
            // A repeated name is refused as soon as it is read.
            if members.iter().any(|(k, _)| *k == name) {
                return Err(JErr::Duplicate(name));
            }
            self.ws();
            self.expect(b':')?;
            self.ws();
            let value = self.value(depth)?;
            members.push((name, value));
            self.ws();
            match self.next()? {
                b',' => continue,
                b'}' => return Ok(J::Obj(members)),
                _ => return Err(JErr::Syntax),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<J, JErr> {
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(J::Arr(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth)?);
            self.ws();
            match self.next()? {
                b',' => continue,
                b']' => return Ok(J::Arr(items)),
                _ => return Err(JErr::Syntax),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JErr> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = (self.next()? as char).to_digit(16).ok_or(JErr::Syntax)?;
            n = n * 16 + digit;
        }
        Ok(n)
    }

    /// The rest of a string whose opening quote is read.
    fn string(&mut self) -> Result<String, JErr> {
        let mut out = Vec::new();
        loop {
            match self.next()? {
                b'"' => return String::from_utf8(out).map_err(|_| JErr::Syntax),
                b'\\' => {
                    let c = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let first = self.hex4()?;
                            let code = match first {
                                0xD800..=0xDBFF => {
                                    self.expect(b'\\')?;
                                    self.expect(b'u')?;
                                    let second = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&second) {
                                        return Err(JErr::Syntax);
                                    }
                                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return Err(JErr::Syntax),
                                other => other,
                            };
                            char::from_u32(code).ok_or(JErr::Syntax)?
                        }
                        _ => return Err(JErr::Syntax),
                    };
                    out.extend(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                b if b < 0x20 => return Err(JErr::Syntax),
                b => out.push(b),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Num, JErr> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(JErr::Syntax);
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(JErr::Syntax),
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integral = false;
            if self.digits() == 0 {
                return Err(JErr::Syntax);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            integral = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(JErr::Syntax);
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| JErr::Syntax)?;
        let value: f64 = text.parse().map_err(|_| JErr::Syntax)?;
        // A number too large for a double is refused, not made infinite.
        if !value.is_finite() {
            return Err(JErr::Syntax);
        }
        let int = if integral {
            text.parse::<i128>().ok().filter(|n| {
                let fits = (i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(n);
                fits && !(negative && *n == 0)
            })
        } else {
            None
        };
        Ok(Num { value, int })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_rfc_8259_allows_and_nothing_else() {
        assert!(parse(br#" {"a":[1,-2.5e3,true,null,"\u00e9\ud83d\ude00"]} "#, 4).is_ok());
        for bad in [
            &b""[..],
            b"01",
            b"1.",
            b".5",
            b"+1",
            b"NaN",
            b"1e400",
            b"[1,]",
            b"{\"a\":1,}",
            b"\"\\ud800\"",
            b"\"\x01\"",
            b"\"\xff\"",
            b"{} x",
            b"\xef\xbb\xbf{}",
        ] {
            assert_eq!(parse(bad, 4), Err(JErr::Syntax), "{bad:?}");
        }
        assert_eq!(parse(br#"{"a":1,"a""#, 4), Err(JErr::Duplicate("a".into())));
        assert_eq!(parse(b"[[[1]]]", 2), Err(JErr::TooDeep));
        let n = |t: &[u8]| match parse(t, 1).unwrap() {
            J::Num(n) => n.int,
            _ => unreachable!(),
        };
        assert_eq!(n(b"-0"), None);
        assert_eq!(n(b"2.0"), None);
        assert_eq!(n(b"18446744073709551615"), Some(i128::from(u64::MAX)));
        assert_eq!(n(b"18446744073709551616"), None);
    }
}
