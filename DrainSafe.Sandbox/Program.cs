Console.Error.WriteLine("drainsafe-sandbox: placeholder");
return 2;
