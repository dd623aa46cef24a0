Console.Error.WriteLine("drainsafe-operator: placeholder");
return 2;
